import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { defaultRiskConfig, riskConfigSchema } from '../../../src-main/engine/risk'

const yamlText = readFileSync(new URL('../../../config/risk.yaml', import.meta.url), 'utf8')

describe('config/risk.yaml', () => {
  it('parses with the schema', () => {
    const config = riskConfigSchema.parse(parse(yamlText))
    expect(config.risk.max_leverage).toBe(5)
    expect(config.risk.regime_leverage_caps.choppy).toBe(1)
    expect(config.risk.position_limits).toEqual({ max_per_symbol: 2, max_total: 5 })
    expect(config.risk.correlation_groups).toEqual([{ name: 'majors', assets: ['BTC', 'XRP'] }])
    expect(config.risk.min_position_value).toBe('10')
  })

  it('states the same values as the schema defaults', () => {
    expect(riskConfigSchema.parse(parse(yamlText))).toEqual(defaultRiskConfig())
  })

  it('fills in defaults for a partial file', () => {
    const config = riskConfigSchema.parse({ risk: { cooldown: { minutes: 15 } } })
    expect(config.risk.cooldown).toEqual({ consecutive_losses: 3, minutes: 15 })
    expect(config.risk.circuit_breakers.volatility.halt_minutes).toBe(60)
  })

  it.each([
    ['leverage above the system maximum of 5', { max_leverage: 10 }, ['risk', 'max_leverage']],
    [
      'fractional leverage caps',
      { regime_leverage_caps: { choppy: 1.5 } },
      ['risk', 'regime_leverage_caps', 'choppy'],
    ],
    ['a misspelt key', { max_leverge: 3 }, ['risk']],
    ['a percent above 100', { max_total_exposure_pct: 150 }, ['risk', 'max_total_exposure_pct']],
    [
      'a zero daily loss limit',
      { circuit_breakers: { daily_loss_pct: 0 } },
      ['risk', 'circuit_breakers', 'daily_loss_pct'],
    ],
    ['money that is not a decimal', { min_position_value: 'ten' }, ['risk', 'min_position_value']],
    [
      'an asset in two correlation groups',
      {
        correlation_groups: [
          { name: 'a', assets: ['BTC'] },
          { name: 'b', assets: ['BTC'] },
        ],
      },
      ['risk', 'correlation_groups'],
    ],
  ])('refuses %s', (_name, risk, path) => {
    const parsed = riskConfigSchema.safeParse({ risk })
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((issue) => issue.path)).toContainEqual(path)
  })

  it('accepts money written as a string', () => {
    expect(
      riskConfigSchema.parse({ risk: { min_position_value: '12.5' } }).risk.min_position_value,
    ).toBe('12.5')
  })
})
