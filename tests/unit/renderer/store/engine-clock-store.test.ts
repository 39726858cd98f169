import { describe, expect, it } from 'vitest'
import {
  createEngineClockStore,
  engineNow,
} from '../../../../src-renderer/src/store/engine-clock-store'
import { events } from '../../../helpers/renderer/builders'

/** A replay's engine time; the machine's clock below is years later. */
const REPLAY = Date.UTC(2021, 4, 10, 12, 0, 0)
const WALL = Date.UTC(2025, 0, 15, 12, 0, 0)

function clockStore() {
  let wall = WALL
  const store = createEngineClockStore(() => wall)
  return {
    store,
    state: () => store.getState(),
    passWall: (ms: number) => {
      wall += ms
    },
  }
}

describe('engine clock store', () => {
  it('knows no time until the engine tells one', () => {
    const { state } = clockStore()
    expect(state().now()).toBeNull()
    expect(engineNow(null, WALL)).toBeNull()
  })

  it("takes the coordinator status's time and moves it on with the wall time passed", () => {
    const { state, passWall } = clockStore()
    state().sync(REPLAY)
    expect(state().now()).toBe(REPLAY)
    passWall(4_000)
    expect(state().now()).toBe(REPLAY + 4_000)
  })

  it('moves forward with pushed events, faster than the wall in a replay, never back', () => {
    const { state, passWall } = clockStore()
    state().sync(REPLAY)
    passWall(1_000)
    state().applyEvents([events.tick('BTC/USDT', '57000', REPLAY + 600_000)])
    expect(state().now()).toBe(REPLAY + 600_000)
    // An event stamped earlier (an order update behind the latest tick) does not move it back.
    state().applyEvents([events.orderUpdated({}, REPLAY + 300_000)])
    expect(state().now()).toBe(REPLAY + 600_000)
    state().applyEvents([
      events.tick('BTC/USDT', '57000', REPLAY + 660_000),
      events.tick('XRP/USDT', '1.5', REPLAY + 720_000),
    ])
    expect(state().now()).toBe(REPLAY + 720_000)
  })

  it('follows a pushed coordinator status even back in time (a new replay)', () => {
    const { state } = clockStore()
    state().sync(REPLAY + 3_600_000)
    state().applyEvents([events.coordinatorState({ now: REPLAY }, REPLAY)])
    expect(state().now()).toBe(REPLAY)
  })

  it('learns its first time from any event, and forgets it on reset', () => {
    const { state } = clockStore()
    state().applyEvents([events.tick('BTC/USDT', '57000', REPLAY)])
    expect(state().now()).toBe(REPLAY)
    state().reset()
    expect(state().now()).toBeNull()
  })
})
