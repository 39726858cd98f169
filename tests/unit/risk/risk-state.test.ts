import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  initialRiskState,
  parseRiskStateRecord,
  toRiskStateRecord,
  type RiskState,
} from '../../../src-main/engine/risk'
import { MONDAY_NOON } from './risk-builders'

const tripped: RiskState = {
  ...initialRiskState(MONDAY_NOON),
  equityPeak: new Decimal('12000.5'),
  lastEquity: new Decimal('0.00000001'),
  daily: {
    periodStart: Date.UTC(2025, 0, 6),
    startEquity: new Decimal('10000'),
    realizedPnl: new Decimal('-612.25'),
  },
  consecutiveLosses: 2,
  cooldownUntil: MONDAY_NOON + 60_000,
  breakers: {
    daily_loss: { trippedAt: MONDAY_NOON, resetAt: Date.UTC(2025, 0, 7), reason: 'DAILY_LOSS: …' },
    weekly_loss: null,
    max_drawdown: { trippedAt: MONDAY_NOON, resetAt: null, reason: 'MAX_DRAWDOWN: …' },
    volatility: null,
  },
  pausedSymbols: { 'XRP/USDT': { pausedAt: MONDAY_NOON, until: null, reason: 'execution errors' } },
}

describe('risk state records', () => {
  it('starts with nothing tripped and the current UTC day and week', () => {
    const state = initialRiskState(MONDAY_NOON)
    expect(state.daily.periodStart).toBe(Date.UTC(2025, 0, 6))
    expect(state.weekly.periodStart).toBe(Date.UTC(2025, 0, 6))
    expect(Object.values(state.breakers).every((trip) => trip === null)).toBe(true)
  })

  it('round-trips through JSON with every decimal exact and in plain notation', () => {
    const record = toRiskStateRecord(tripped)
    expect(record.lastEquity).toBe('0.00000001')
    expect(record.daily.realizedPnl).toBe('-612.25')
    const restored = parseRiskStateRecord(JSON.parse(JSON.stringify(record)))
    expect(toRiskStateRecord(restored)).toEqual(record)
    expect(restored.equityPeak?.eq('12000.5')).toBe(true)
    expect(restored.breakers.max_drawdown?.resetAt).toBeNull()
  })

  it.each([
    ['a missing breaker', { breakers: { daily_loss: null } }, 'path=breakers.weekly_loss'],
    ['a number for money', { equityPeak: 12000 }, 'path=equityPeak'],
    ['a bad decimal', { lastEquity: '12,000' }, 'expected a decimal string'],
    ['negative losses', { consecutiveLosses: -1 }, 'path=consecutiveLosses'],
  ])('refuses %s with the path in the error', (_name, change, expected) => {
    const record = { ...toRiskStateRecord(tripped), ...change }
    expect(() => parseRiskStateRecord(record)).toThrow(expected)
  })

  it('refuses something that is not a record at all', () => {
    expect(() => parseRiskStateRecord(null)).toThrow('path=(root)')
  })
})
