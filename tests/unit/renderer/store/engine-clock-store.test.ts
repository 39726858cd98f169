import { describe, expect, it } from 'vitest'
import { createEngineClockStore } from '../../../../src-renderer/src/store/engine-clock-store'
import { events } from '../../../helpers/renderer/builders'

/** A replay's engine time: years before this machine's clock. */
const REPLAY = Date.UTC(2021, 4, 10, 12, 0, 0)

const engineTime = (at: number) => ({ type: 'engine.time' as const, at })

describe('engine clock store', () => {
  it('knows no time until the engine tells one', () => {
    expect(createEngineClockStore().getState().engineMs).toBeNull()
  })

  it("takes the coordinator status's time, and does not run on with this machine's clock", async () => {
    const store = createEngineClockStore()
    store.getState().sync(REPLAY)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(store.getState().engineMs).toBe(REPLAY)
  })

  it('follows the engine time the host sends and every event, forward only', () => {
    const store = createEngineClockStore()
    store.getState().sync(REPLAY)
    store.getState().applyEvents([engineTime(REPLAY + 600_000)])
    expect(store.getState().engineMs).toBe(REPLAY + 600_000)
    // An event stamped earlier (an order update behind the latest tick) does not move it back.
    store.getState().applyEvents([events.orderUpdated({}, REPLAY + 300_000)])
    expect(store.getState().engineMs).toBe(REPLAY + 600_000)
    store
      .getState()
      .applyEvents([
        events.tick('BTC/USDT', '57000', REPLAY + 660_000),
        events.tick('XRP/USDT', '1.5', REPLAY + 720_000),
      ])
    expect(store.getState().engineMs).toBe(REPLAY + 720_000)
  })

  it('follows a pushed coordinator status even back in time (a new replay)', () => {
    const store = createEngineClockStore()
    store.getState().sync(REPLAY + 3_600_000)
    store.getState().applyEvents([events.coordinatorState({ now: REPLAY }, REPLAY)])
    expect(store.getState().engineMs).toBe(REPLAY)
  })

  it('learns its first time from any event, and forgets it on reset', () => {
    const store = createEngineClockStore()
    store.getState().applyEvents([events.tick('BTC/USDT', '57000', REPLAY)])
    expect(store.getState().engineMs).toBe(REPLAY)
    store.getState().reset()
    expect(store.getState().engineMs).toBeNull()
  })
})
