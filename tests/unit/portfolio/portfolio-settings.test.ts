import { describe, expect, it } from 'vitest'
import { checkConfig, loadConfig } from '../../../src-main/engine/config'
import {
  portfolioSettings,
  rebalanceAgentSettings,
  targetMarkets,
} from '../../../src-main/engine/portfolio'
import { CONFIG_DIR, copyConfig, editConfig } from '../../helpers/config-fixture'

describe('portfolio settings from the shipped config', () => {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })

  it('reads portfolio.yaml as decimals (seed 001: 33.33/33.33/33.34, 5 %, $10, DCA 6 × 4 h over $500)', () => {
    const settings = portfolioSettings(config.portfolio)
    expect(settings.quoteAsset).toBe('USDT')
    expect(Object.entries(settings.targets).map(([asset, pct]) => [asset, pct.toFixed()])).toEqual([
      ['BTC', '33.33'],
      ['XRP', '33.33'],
      ['USDT', '33.34'],
    ])
    expect(settings.thresholdPct.toFixed()).toBe('5')
    expect(settings.minTradeUsd.toFixed()).toBe('10')
    expect(settings.executionType).toBe('limit')
    expect({ ...settings.dca, thresholdUsd: settings.dca.thresholdUsd.toFixed() }).toEqual({
      isEnabled: true,
      thresholdUsd: '500',
      batches: 6,
      intervalMs: 4 * 3_600_000,
    })
    expect(settings.hodl.isEnabled).toBe(true)
    expect(settings.hodl.allocationPct.toFixed()).toBe('10')
    expect(Object.keys(settings.hodl.initialAmounts)).toEqual(['BTC', 'XRP', 'USDT'])
  })

  it('names the markets the target assets are valued in, not the quote asset', () => {
    expect(targetMarkets(config.portfolio)).toEqual(['BTC/USDT', 'XRP/USDT'])
  })

  it('reads the agent route of agents.yaml', () => {
    expect(rebalanceAgentSettings(config.agents)).toEqual({ isEnabled: true, timeoutMs: 15_000 })
    expect(config.agents.agents.portfolio_rebalance.model).toBe('deepseek')
  })
})

describe('portfolio.yaml validation', () => {
  it('refuses a quote asset without a target', () => {
    const folder = copyConfig()
    editConfig(folder, 'portfolio.yaml', 'quote_asset: USDT', 'quote_asset: EUR')
    const check = checkConfig({ configDir: folder, env: {} })
    expect(check.problems).toEqual([
      {
        file: 'config/portfolio.yaml',
        path: 'portfolio.quote_asset',
        message: expect.stringContaining(
          'expected quote_asset to be one of the target_allocation assets',
        ),
      },
    ])
  })

  it('warns when the targets do not sum to 100', () => {
    const folder = copyConfig()
    editConfig(folder, 'portfolio.yaml', 'USDT: 33.34', 'USDT: 33.33')
    const check = checkConfig({ configDir: folder, env: {} })
    expect(check.problems).toEqual([])
    expect(check.warnings).toContain(
      'portfolio.yaml: portfolio.target_allocation: targets sum to 99.99 %, not 100 %',
    )
  })
})
