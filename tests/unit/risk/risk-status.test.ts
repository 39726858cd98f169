import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { riskStatusSchema } from '../../../src-shared/contract'
import { isBreakerName } from '../../../src-main/engine/risk'
import { MONDAY_NOON, makeHarness } from './risk-builders'

describe('risk status', () => {
  it('describes a fresh engine: nothing tripped, each breaker with its reset rule', async () => {
    const { engine } = await makeHarness()
    const status = engine.status()
    expect(riskStatusSchema.parse(status)).toEqual(status)
    expect(status).toEqual({
      breakers: [
        {
          name: 'daily_loss',
          isTripped: false,
          trippedAt: null,
          reason: null,
          resetCondition: 'automatic at the next 00:00 UTC',
        },
        {
          name: 'weekly_loss',
          isTripped: false,
          trippedAt: null,
          reason: null,
          resetCondition: 'automatic at the next Monday 00:00 UTC',
        },
        {
          name: 'max_drawdown',
          isTripped: false,
          trippedAt: null,
          reason: null,
          resetCondition: 'manual reset',
        },
        {
          name: 'volatility',
          isTripped: false,
          trippedAt: null,
          reason: null,
          resetCondition: 'automatic 60 minutes after the last abnormal reading',
        },
      ],
      equityPeak: '0',
      dailyPnl: '0',
      weeklyPnl: '0',
      drawdownPct: '0',
      consecutiveLosses: 0,
      cooldownUntil: null,
      pausedSymbols: [],
    })
  })

  it('reports trips, P&L, drawdown and pauses', async () => {
    const { engine } = await makeHarness()
    await engine.updateEquity(new Decimal('12000'))
    await engine.updateEquity(new Decimal('9000'))
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 10 })
    await engine.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: new Decimal('-12.5') })
    await engine.pauseSymbol('XRP/USDT')
    await engine.pauseSymbol('BTC/USDT')
    const status = engine.status()
    expect(riskStatusSchema.parse(status)).toEqual(status)
    expect(status).toMatchObject({
      equityPeak: '12000',
      dailyPnl: '-12.5',
      weeklyPnl: '-12.5',
      drawdownPct: '25',
      consecutiveLosses: 1,
      pausedSymbols: ['BTC/USDT', 'XRP/USDT'],
    })
    const byName = Object.fromEntries(status.breakers.map((breaker) => [breaker.name, breaker]))
    expect(byName.max_drawdown).toMatchObject({
      isTripped: true,
      trippedAt: MONDAY_NOON,
      resetCondition: 'manual reset',
    })
    expect(byName.max_drawdown?.reason).toContain('MAX_DRAWDOWN: drawdown_pct=25')
    expect(byName.volatility?.resetCondition).toBe('automatic at 2025-01-06T13:00:00.000Z')
    expect(byName.daily_loss?.isTripped).toBe(false)
  })

  it.each([
    ['daily_loss', true],
    ['max_drawdown', true],
    ['kill_switch', false],
    ['', false],
  ])('isBreakerName(%j) is %s', (name, expected) => {
    expect(isBreakerName(name)).toBe(expected)
  })
})
