import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { RiskStatus } from '../../../src-shared/contract'
import { HOUR, MINUTE, MONDAY_NOON, aPortfolio, aProposal, makeHarness } from './risk-builders'

/** What a status change says about entry blockers, and when (on the virtual clock) it came. */
type Change = Pick<RiskStatus, 'pausedSymbols' | 'cooldownUntil' | 'consecutiveLosses'> & {
  at: number
  tripped: string[]
}

/** A risk engine on a virtual clock whose status changes are recorded. */
async function watched(options: Parameters<typeof makeHarness>[0] = {}) {
  const harness = await makeHarness(options)
  const changes: Change[] = []
  harness.engine.onStatusChange((status) =>
    changes.push({
      at: harness.clock.now(),
      pausedSymbols: status.pausedSymbols,
      cooldownUntil: status.cooldownUntil,
      consecutiveLosses: status.consecutiveLosses,
      tripped: status.breakers.filter((breaker) => breaker.isTripped).map((b) => b.name),
    }),
  )
  return { ...harness, changes }
}

const loss = (pnl: string) => ({ symbol: 'BTC/USDT', realizedPnl: new Decimal(pnl) })
const paused = (change: Change) => change.pausedSymbols

describe('risk status changes', () => {
  it('tells listeners when a symbol is paused, and again when the pause ends by itself on the clock', async () => {
    const { engine, clock, changes } = await watched()
    await engine.pauseSymbol('BTC/USDT', { until: MONDAY_NOON + 10 * MINUTE, reason: 'news' })
    expect(changes).toEqual([
      {
        at: MONDAY_NOON,
        pausedSymbols: ['BTC/USDT'],
        cooldownUntil: null,
        consecutiveLosses: 0,
        tripped: [],
      },
    ])

    // Nothing calls the engine: the clock alone ends the pause.
    await clock.advance(10 * MINUTE - 1)
    expect(changes).toHaveLength(1)
    await clock.advance(1)
    expect(changes.map(({ at, pausedSymbols }) => ({ at, pausedSymbols }))).toEqual([
      { at: MONDAY_NOON, pausedSymbols: ['BTC/USDT'] },
      { at: MONDAY_NOON + 10 * MINUTE, pausedSymbols: [] },
    ])
  })

  it('tells them when a losing streak starts a cooldown, and when the cooldown simply expires', async () => {
    const { engine, clock, changes } = await watched()
    for (let index = 0; index < 3; index++) await engine.recordTradeResult(loss('-10'))
    await clock.advance(2 * HOUR)
    expect(changes).toEqual([
      {
        at: MONDAY_NOON,
        pausedSymbols: [],
        cooldownUntil: MONDAY_NOON + HOUR,
        consecutiveLosses: 3,
        tripped: [],
      },
      {
        at: MONDAY_NOON + HOUR,
        pausedSymbols: [],
        cooldownUntil: null,
        consecutiveLosses: 3,
        tripped: [],
      },
    ])
  })

  it('tells them of a resume by hand, and of nothing that blocks no entry', async () => {
    const { engine, changes } = await watched()
    await engine.pauseSymbol('XRP/USDT')
    await engine.pauseSymbol('BTC/USDT')
    expect(await engine.resumeSymbol('XRP/USDT')).toBe(true)
    expect(await engine.resumeSymbol('XRP/USDT')).toBe(false)
    await engine.updateEquity(new Decimal('10000'))
    await engine.recordTradeResult(loss('-10'))
    engine.validate(aProposal().on('ETH/USDT').build(), aPortfolio().build(), null)
    expect(changes.map(paused)).toEqual([['XRP/USDT'], ['BTC/USDT', 'XRP/USDT'], ['BTC/USDT']])
  })

  it('tells them once per operation, with the state whole: a loss that starts a cooldown and trips the daily limit', async () => {
    const { engine, changes } = await watched()
    await engine.updateEquity(new Decimal('10000'))
    await engine.recordTradeResult(loss('-100'))
    await engine.recordTradeResult(loss('-100'))
    await engine.recordTradeResult(loss('-300'))
    expect(changes).toEqual([
      {
        at: MONDAY_NOON,
        pausedSymbols: [],
        cooldownUntil: MONDAY_NOON + HOUR,
        consecutiveLosses: 3,
        tripped: ['daily_loss'],
      },
    ])
  })

  it('tells them when a volatility halt re-arms on time, and raises its alert then', async () => {
    const { engine, clock, changes, publisher } = await watched()
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 7 })
    await clock.advance(HOUR)
    await engine.flush()
    expect(changes.map(({ at, tripped }) => ({ at, tripped }))).toEqual([
      { at: MONDAY_NOON, tripped: ['volatility'] },
      { at: MONDAY_NOON + HOUR, tripped: [] },
    ])
    expect(publisher.alerts.map((alert) => alert.alert_type)).toEqual([
      'circuit_breaker',
      'circuit_breaker_reset',
    ])
  })

  it('tells them when a further abnormal reading pushes the end of a volatility halt out', async () => {
    const { engine, clock } = await makeHarness()
    const ends: [number, string | undefined][] = []
    engine.onStatusChange((status) => {
      const breaker = status.breakers.find(({ name }) => name === 'volatility')
      ends.push([clock.now(), breaker?.resetCondition])
    })
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 7 })
    await clock.advance(30 * MINUTE)
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 7 })
    await clock.advance(HOUR)
    expect(ends).toEqual([
      [MONDAY_NOON, 'automatic at 2025-01-06T13:00:00.000Z'],
      [MONDAY_NOON + 30 * MINUTE, 'automatic at 2025-01-06T13:30:00.000Z'],
      [MONDAY_NOON + 90 * MINUTE, expect.stringContaining('after the last abnormal reading')],
    ])
  })

  it('ends a restored pause on time after a restart', async () => {
    const harness = await makeHarness()
    await harness.engine.pauseSymbol('BTC/USDT', { until: MONDAY_NOON + 30 * MINUTE })
    const engine = await harness.restart()
    const seen: string[][] = []
    engine.onStatusChange((status) => seen.push(status.pausedSymbols))
    await harness.clock.advance(30 * MINUTE)
    expect(seen).toEqual([[]])
    expect(harness.clock.pendingTimers()).toBe(0)
  })

  it('keeps no timer once stopped, and applies the expiry at the next call instead', async () => {
    const { engine, clock, changes } = await watched()
    await engine.pauseSymbol('BTC/USDT', { until: MONDAY_NOON + 10 * MINUTE })
    expect(clock.pendingTimers()).toBe(1)
    engine.stop()
    expect(clock.pendingTimers()).toBe(0)
    await clock.advance(HOUR)
    expect(changes.map(paused)).toEqual([['BTC/USDT']])
    expect(engine.state().pausedSymbols).toEqual({})
    expect(clock.pendingTimers()).toBe(0)
  })

  it('pauses and resumes even when a status listener throws, and stops telling a removed one', async () => {
    const { engine } = await makeHarness()
    engine.onStatusChange(() => {
      throw new Error('ui gone')
    })
    const seen: string[][] = []
    const stop = engine.onStatusChange((status) => seen.push(status.pausedSymbols))
    await engine.pauseSymbol('BTC/USDT')
    expect(engine.status().pausedSymbols).toEqual(['BTC/USDT'])
    stop()
    await engine.resumeSymbol('BTC/USDT')
    expect(engine.status().pausedSymbols).toEqual([])
    expect(seen).toEqual([['BTC/USDT']])
  })
})
