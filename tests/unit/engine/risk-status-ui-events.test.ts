import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { forwardRiskStatusToUi } from '../../../src-main/engine/wiring/risk-status-ui-events'
import type { EngineEvent } from '../../../src-shared/contract'
import { HOUR, MINUTE, MONDAY_NOON, makeHarness } from '../risk/risk-builders'

type RiskStatusEvent = Extract<EngineEvent, { type: 'risk.status' }>

/** A real risk engine on a virtual clock, forwarded to a hub with one listener. */
async function forwarded() {
  const harness = await makeHarness()
  const hub = new EngineEventHub(silentLogger())
  const seen: RiskStatusEvent[] = []
  hub.subscribe((event) => {
    if (event.type === 'risk.status') seen.push(event)
  })
  const stop = forwardRiskStatusToUi(harness.engine, hub, harness.clock)
  return { ...harness, hub, seen, stop }
}

describe('forwardRiskStatusToUi', () => {
  it("pushes risk.status when a pause starts and when it ends by itself, at the engine's time", async () => {
    const { engine, clock, seen } = await forwarded()
    await engine.pauseSymbol('BTC/USDT', { until: MONDAY_NOON + 15 * MINUTE })
    await clock.advance(HOUR)
    expect(seen.map(({ at, status }) => ({ at, pausedSymbols: status.pausedSymbols }))).toEqual([
      { at: MONDAY_NOON, pausedSymbols: ['BTC/USDT'] },
      { at: MONDAY_NOON + 15 * MINUTE, pausedSymbols: [] },
    ])
    expect(seen[1]?.status).toEqual(engine.status())
  })

  it('pushes a cooldown starting and expiring', async () => {
    const { engine, clock, seen } = await forwarded()
    const loss = { symbol: 'BTC/USDT', realizedPnl: new Decimal('-5') }
    for (let index = 0; index < 3; index++) await engine.recordTradeResult(loss)
    await clock.advance(HOUR)
    expect(seen.map(({ at, status }) => [at, status.cooldownUntil])).toEqual([
      [MONDAY_NOON, MONDAY_NOON + HOUR],
      [MONDAY_NOON + HOUR, null],
    ])
  })

  it('sends nothing while no one listens (the status is no feed line), and stops when told', async () => {
    const harness = await makeHarness()
    const hub = new EngineEventHub(silentLogger())
    const stop = forwardRiskStatusToUi(harness.engine, hub, harness.clock)
    await harness.engine.pauseSymbol('BTC/USDT')
    expect(hub.recent.latest(10)).toEqual([])
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    stop()
    await harness.engine.resumeSymbol('BTC/USDT')
    expect(seen).toEqual([])
  })
})
