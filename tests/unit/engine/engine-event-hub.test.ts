import { describe, expect, it } from 'vitest'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { EngineEvent } from '../../../src-shared/contract'

describe('EngineEventHub', () => {
  it('delivers to every listener even when one throws, and unsubscribes', () => {
    const hub = new EngineEventHub(silentLogger())
    const seen: string[] = []
    hub.subscribe(() => {
      throw new Error('broken listener')
    })
    const remove = hub.subscribe((event) => seen.push(event.type))
    const tick: EngineEvent = { type: 'market.tick', at: 1, symbol: 'BTC/USDT', price: '2' }
    hub.emit(tick)
    remove()
    hub.emit(tick)
    expect(seen).toEqual(['market.tick'])
    expect(hub.size()).toBe(1)
  })
})
