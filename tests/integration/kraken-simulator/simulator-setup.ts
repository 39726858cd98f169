import type { kraken } from 'ccxt'
import { VirtualClock } from '../../../src-main/engine/clock'
import { KrakenSimulator, connectCcxt } from '../../fakes/kraken'

/** 2023-11-14T22:13:20Z: the simulator's clock starts here in these tests. */
export const START_MS = 1_700_000_000_000

/** A started simulator on a virtual clock, and the real ccxt client pointed at it. */
export interface SimulatorHarness {
  readonly sim: KrakenSimulator
  readonly clock: VirtualClock
  readonly exchange: kraken
}

/** Starts a simulator and connects ccxt with markets loaded. */
export async function startHarness(): Promise<SimulatorHarness> {
  const clock = new VirtualClock(START_MS)
  const sim = new KrakenSimulator({ clock })
  await sim.start()
  const exchange = connectCcxt(sim)
  await exchange.loadMarkets()
  return { sim, clock, exchange }
}

/** Returns the exception a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail, but it succeeded')
}

/** Returns the exchange id of a ccxt order (ccxt types it as optional). */
export function idOf(order: { id?: string | undefined }): string {
  if (order.id === undefined) throw new Error('order has no id')
  return order.id
}
