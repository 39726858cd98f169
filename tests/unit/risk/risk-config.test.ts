import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { problemsFromZod } from '../../../src-main/engine/config/config-problem'
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

  it('reads volatility from the 1h ATR and the move over 60 minutes unless told otherwise', () => {
    expect(defaultRiskConfig().risk.circuit_breakers.volatility).toEqual({
      max_atr_pct: 6,
      max_price_move_pct: 8,
      halt_minutes: 60,
      atr_timeframe: '1h',
      price_move_minutes: 60,
    })
    const volatility = { atr_timeframe: '4h', price_move_minutes: 15 }
    expect(
      riskConfigSchema.parse({ risk: { circuit_breakers: { volatility } } }).risk.circuit_breakers
        .volatility,
    ).toMatchObject(volatility)
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
    [
      'an ATR timeframe the engine does not know',
      { circuit_breakers: { volatility: { atr_timeframe: '2h' } } },
      ['risk', 'circuit_breakers', 'volatility', 'atr_timeframe'],
    ],
    [
      'a price move over no time',
      { circuit_breakers: { volatility: { price_move_minutes: 0 } } },
      ['risk', 'circuit_breakers', 'volatility', 'price_move_minutes'],
    ],
    [
      'a price move over part of a minute',
      { circuit_breakers: { volatility: { price_move_minutes: 7.5 } } },
      ['risk', 'circuit_breakers', 'volatility', 'price_move_minutes'],
    ],
    [
      'a price move over more than a day',
      { circuit_breakers: { volatility: { price_move_minutes: 1441 } } },
      ['risk', 'circuit_breakers', 'volatility', 'price_move_minutes'],
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

  it.each([
    [
      { risk_per_trade_pct: -1 },
      'risk.risk_per_trade_pct: expected a percentage above 0, up to 100, got -1',
    ],
    [
      { max_position_value_pct: 150 },
      'risk.max_position_value_pct: expected a percentage above 0, up to 100, got 150',
    ],
    [
      { circuit_breakers: { max_drawdown_pct: -3 } },
      'risk.circuit_breakers.max_drawdown_pct: expected a percentage above 0, up to 100, got -3',
    ],
    [
      { max_total_exposure_pct: -10 },
      'risk.max_total_exposure_pct: expected a percentage between 0 and 100, got -10',
    ],
    // Minutes whose end is no date failed the first trip and saved a state that could not be read.
    [
      { cooldown: { minutes: 1e12 } },
      'risk.cooldown.minutes: expected at most 525600 minutes (a year), got 1000000000000',
    ],
    [
      { circuit_breakers: { volatility: { halt_minutes: 1e12 } } },
      'risk.circuit_breakers.volatility.halt_minutes: expected at most 525600 minutes (a year), got 1000000000000',
    ],
  ])('refuses %j with one message that names the field', (risk, expected) => {
    const parsed = riskConfigSchema.safeParse({ risk }, { reportInput: true })
    const problems = problemsFromZod('config/risk.yaml', parsed.error?.issues ?? [])
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([expected])
  })

  it('accepts money written as a string', () => {
    expect(
      riskConfigSchema.parse({ risk: { min_position_value: '12.5' } }).risk.min_position_value,
    ).toBe('12.5')
  })
})
