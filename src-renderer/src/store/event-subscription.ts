import type { EngineEvent } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { FrameScheduler } from './event-coalescer'
import { EventCoalescer } from './event-coalescer'
import type { Stores } from './stores'
import { EVENT_STORES } from './stores'

/**
 * The one place pushed events enter the renderer: subscribes to the engine, coalesces events
 * per animation frame and hands each batch to every domain store (and any extra sinks, such
 * as desktop notifications). Returns the unsubscribe function.
 */
export function subscribeStoresToEvents(
  api: EngineApi,
  stores: Stores,
  scheduler: FrameScheduler,
  extraSinks: readonly ((batch: readonly EngineEvent[]) => void)[] = [],
): () => void {
  const coalescer = new EventCoalescer(scheduler, (batch) => {
    for (const name of EVENT_STORES) {
      try {
        stores[name].getState().applyEvents(batch)
      } catch (error) {
        // One store failing on a batch must not starve the others.
        console.error(`store=${name} failed to apply events`, error)
      }
    }
    for (const sink of extraSinks) sink(batch)
  })
  const unsubscribe = api.onEvent((event) => coalescer.push(event))
  return () => {
    unsubscribe()
    coalescer.stop()
  }
}
