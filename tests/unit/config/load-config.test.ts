import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  checkConfig,
  ConfigError,
  formatProblem,
  loadConfig,
} from '../../../src-main/engine/config'
import { CONFIG_DIR, copyConfig, editConfig } from '../../helpers/config-fixture'

const problemLines = (configDir: string, env: Record<string, string> = {}) =>
  checkConfig({ configDir, env }).problems.map(formatProblem)

describe('loadConfig', () => {
  it('loads the shipped config with the seeds’ values', () => {
    const { config, warnings } = loadConfig({ configDir: CONFIG_DIR, env: {} })
    expect(warnings).toEqual([])
    const schedules = config.orchestration.coordinator.schedules
    expect(schedules.technical_analysis.interval_seconds).toBe(60)
    expect(schedules.regime_detection.interval_seconds).toBe(300)
    expect(schedules.sentiment_analysis).toMatchObject({ interval_seconds: 1800, enabled: false })
    expect(schedules.trading_decision.interval_seconds).toBe(3600)
    expect(schedules.portfolio_rebalance.interval_seconds).toBe(3600)
    expect(config.orchestration.coordinator.conflicts.invoke_llm_threshold).toBe(0.2)
    expect(config.portfolio.portfolio.target_allocation).toEqual({
      BTC: 33.33,
      XRP: 33.33,
      USDT: 33.34,
    })
    expect(config.portfolio.portfolio.rebalancing.dca).toEqual({
      enabled: true,
      threshold_usd: 500,
      batches: 6,
      interval_hours: 4,
    })
    expect(config.execution.execution.mode).toBe('paper')
    expect(config.execution.execution.kraken.api_key).toBeNull()
    expect(config.execution.execution.positions).toMatchObject({ max_per_symbol: 2, max_total: 5 })
    expect(config.agents.agents.trading_decision.models).toHaveLength(6)
    expect(config.execution.execution.paper.markets?.['BTC/USDT']).toEqual({
      price_step: '0.1',
      amount_step: '0.00000001',
      min_size: '0.00005',
      min_cost: '0.5',
    })
  })

  it('names the file, key path, expectation and found value', () => {
    const folder = copyConfig()
    editConfig(
      folder,
      'orchestration.yaml',
      'interval_seconds: 3600\n      enabled: true\n      timeout_seconds: 120\n    portfolio',
      'interval_seconds: abc\n      enabled: true\n      timeout_seconds: 120\n    portfolio',
    )
    expect(problemLines(folder)).toEqual([
      'config/orchestration.yaml: coordinator.schedules.trading_decision.interval_seconds: expected a positive integer, got "abc"',
    ])
  })

  it('reports every problem in every file in one run', () => {
    const folder = copyConfig()
    editConfig(folder, 'orchestration.yaml', 'invoke_llm_threshold: 0.2', 'invoke_llm_threshold: 3')
    editConfig(folder, 'orchestration.yaml', '    persist_to_db: true\n', '')
    editConfig(folder, 'portfolio.yaml', 'execution_type: limit', 'execution_type: stop')
    editConfig(folder, 'execution.yaml', 'max_total: 5', 'max_total: 5\n    max_totl: 6')
    writeFileSync(join(folder, 'market.yaml'), 'market: [unclosed')
    rmSync(join(folder, 'agents.yaml'))
    const lines = problemLines(folder)
    expect(lines).toEqual(
      expect.arrayContaining([
        'config/orchestration.yaml: coordinator.conflicts.invoke_llm_threshold: expected a number between 0 and 1, got 3',
        'config/orchestration.yaml: coordinator.state.persist_to_db: expected true or false, but the key is missing',
        'config/portfolio.yaml: portfolio.rebalancing.execution_type: expected market or limit, got "stop"',
        'config/execution.yaml: execution.positions: unknown key max_totl',
      ]),
    )
    expect(lines.some((line) => line.startsWith('config/market.yaml: not valid YAML'))).toBe(true)
    expect(lines.some((line) => line.startsWith('config/agents.yaml: file not found'))).toBe(true)
    expect(lines).toHaveLength(6)
    expect(() => loadConfig({ configDir: folder, env: {} })).toThrow(ConfigError)
  })

  it('validates risk.yaml like the other files', () => {
    const folder = copyConfig()
    editConfig(folder, 'risk.yaml', 'max_leverage: 5', 'max_leverage: "x"')
    const lines = problemLines(folder)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^config\/risk\.yaml: risk\.max_leverage: .*got "x"$/)
  })

  it('rejects a file whose top level is not a mapping', () => {
    const folder = copyConfig()
    writeFileSync(join(folder, 'portfolio.yaml'), '- just\n- a list\n')
    expect(problemLines(folder)).toEqual([
      'config/portfolio.yaml: expected a mapping of keys at the top level',
    ])
  })

  it('substitutes ${VAR} and ${VAR:-default} with type coercion', () => {
    const folder = copyConfig()
    editConfig(
      folder,
      'orchestration.yaml',
      'max_history: 10000',
      'max_history: ${BUS_HISTORY:-2500}',
    )
    editConfig(folder, 'orchestration.yaml', 'enabled: false # Phase 4', 'enabled: ${SENTIMENT_ON}')
    const { config } = loadConfig({
      configDir: folder,
      env: { SENTIMENT_ON: 'true', KRAKEN_API_KEY: 'key-123', TRIPLEGAIN_MODE: 'live' },
    })
    expect(config.orchestration.bus.max_history).toBe(2500)
    expect(config.orchestration.coordinator.schedules.sentiment_analysis.enabled).toBe(true)
    expect(config.execution.execution.kraken.api_key).toBe('key-123')
    expect(config.execution.execution.mode).toBe('live')
    const overridden = loadConfig({
      configDir: folder,
      env: { BUS_HISTORY: '42', SENTIMENT_ON: 'false' },
    })
    expect(overridden.config.orchestration.bus.max_history).toBe(42)
  })

  it('reports an unset variable without default as a missing value', () => {
    const folder = copyConfig()
    editConfig(folder, 'orchestration.yaml', 'enabled: false # Phase 4', 'enabled: ${SENTIMENT_ON}')
    expect(problemLines(folder)).toEqual([
      'config/orchestration.yaml: coordinator.schedules.sentiment_analysis.enabled: expected true or false, got null',
    ])
  })

  it('lets a user config folder replace defaults file by file', () => {
    const user = mkdtempSync(join(tmpdir(), 'tg-user-config-'))
    const folder = copyConfig()
    editConfig(folder, 'portfolio.yaml', 'threshold_pct: 5.0', 'threshold_pct: 7.5')
    writeFileSync(join(user, 'portfolio.yaml'), readPortfolio(folder))
    const check = checkConfig({ configDir: CONFIG_DIR, userConfigDir: user, env: {} })
    expect(check.config?.portfolio.portfolio.rebalancing.threshold_pct).toBe(7.5)
    expect(check.sources.portfolio).toBe(join(user, 'portfolio.yaml'))
    expect(check.sources.orchestration).toBe(join(CONFIG_DIR, 'orchestration.yaml'))
  })

  it('warns when allocation targets do not sum to 100', () => {
    const folder = copyConfig()
    editConfig(folder, 'portfolio.yaml', 'USDT: 33.34', 'USDT: 30')
    const { warnings } = loadConfig({ configDir: folder, env: {} })
    expect(warnings).toEqual([
      'portfolio.yaml: portfolio.target_allocation: targets sum to 96.66 %, not 100 %',
    ])
  })

  it('warns when portfolio.yaml names a check interval the coordinator does not run the check at', () => {
    const folder = copyConfig()
    editConfig(
      folder,
      'portfolio.yaml',
      'check_interval_seconds: 3600',
      'check_interval_seconds: 900',
    )
    const { warnings } = loadConfig({ configDir: folder, env: {} })
    expect(warnings).toEqual([
      'portfolio.yaml: portfolio.rebalancing.check_interval_seconds is 900, but the check runs every 3600 s as orchestration.yaml coordinator.schedules.portfolio_rebalance.interval_seconds says; set that one',
    ])
  })

  it('rejects agent routes naming models the catalogue lacks', () => {
    const folder = copyConfig()
    editConfig(folder, 'agents.yaml', 'fallbacks: [claude_sonnet]', 'fallbacks: [claude_sonet]')
    editConfig(folder, 'agents.yaml', 'models: [qwen, deepseek', 'models: [qwen, deepsek')
    expect(problemLines(folder)).toEqual([
      'config/agents.yaml: agents.coordinator.fallbacks.0: expected a model defined under models, got "claude_sonet"',
      'config/agents.yaml: agents.trading_decision.models.1: expected a model defined under models, got "deepsek"',
    ])
  })

  it('refuses an entry expiry that is not a positive whole number of seconds', () => {
    const folder = copyConfig()
    editConfig(folder, 'execution.yaml', 'entry_expiry_seconds: 3600', 'entry_expiry_seconds: 0')
    expect(problemLines(folder)).toHaveLength(1)
    expect(problemLines(folder)[0]).toMatch(
      /^config\/execution\.yaml: execution\.orders\.entry_expiry_seconds: expected /,
    )
  })

  it('takes paper market steps written as YAML numbers in full, and refuses a zero step', () => {
    const folder = copyConfig()
    editConfig(folder, 'execution.yaml', "amount_step: '0.00000001'", 'amount_step: 0.00000001')
    const markets = loadConfig({ configDir: folder, env: {} }).config.execution.execution.paper
      .markets
    expect(markets?.['BTC/USDT']?.amount_step).toBe('0.00000001')
    editConfig(folder, 'execution.yaml', "price_step: '0.1'", 'price_step: 0')
    editConfig(folder, 'execution.yaml', "min_size: '10'", "min_size: '-10'")
    expect(problemLines(folder)).toEqual([
      'config/execution.yaml: execution.paper.markets.BTC/USDT.price_step: expected a decimal number > 0, got "0"',
      'config/execution.yaml: execution.paper.markets.XRP/USDT.min_size: expected a decimal number >= 0, got "-10"',
    ])
  })

  it('rejects a volatility ATR timeframe the market does not keep', () => {
    const folder = copyConfig()
    editConfig(
      folder,
      'market.yaml',
      'timeframes: [1m, 5m, 15m, 1h, 4h, 1d]',
      'timeframes: [5m, 4h]',
    )
    expect(problemLines(folder)).toEqual([
      'config/risk.yaml: risk.circuit_breakers.volatility.atr_timeframe: expected one of the timeframes in config/market.yaml (1m, 5m, 4h), got "1h"',
    ])
    editConfig(folder, 'risk.yaml', 'atr_timeframe: 1h', 'atr_timeframe: 1m')
    expect(problemLines(folder)).toEqual([])
  })

  it('rejects a traded market not quoted in the portfolio quote asset, and follows it as a correlation', () => {
    const folder = copyConfig()
    editConfig(folder, 'market.yaml', '    - XRP/USDT\n', '    - XRP/USDT\n    - XRP/BTC\n')
    expect(problemLines(folder)).toEqual([
      'config/market.yaml: market.symbols.2: expected a market quoted in USDT (config/portfolio.yaml\'s quote_asset, which risk and P&L are counted in), got "XRP/BTC"; follow it under correlation_symbols instead',
    ])
    // The shipped config already follows XRP/BTC without trading it.
    expect(
      loadConfig({ configDir: CONFIG_DIR, env: {} }).config.market.market.correlation_symbols,
    ).toContain('XRP/BTC')
  })
})

function readPortfolio(folder: string): string {
  return readFileSync(join(folder, 'portfolio.yaml'), 'utf8')
}
