import type { kraken } from 'ccxt'
import { afterAll, beforeAll, beforeEach } from 'vitest'
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

/** What the simulator holds before every test of a file. */
export interface SimulatorStartState {
  /** Free balances by asset, e.g. `{ USDT: '1000' }`. */
  readonly balances?: Readonly<Record<string, string>>
  /** Mark prices by symbol, e.g. `{ 'BTC/USDT': '30000.0' }`. */
  readonly prices?: Readonly<Record<string, string>>
}

/**
 * One simulator and ccxt client for a test file (call it inside `describe`): started before
 * its tests, stopped after them, and reset to `start` before each test.
 */
export function useSimulator(start: SimulatorStartState = {}): {
  sim: () => KrakenSimulator
  exchange: () => kraken
  clock: () => VirtualClock
} {
  let harness: SimulatorHarness | null = null
  const started = (): SimulatorHarness => {
    if (harness === null) throw new Error('the simulator is used before it started')
    return harness
  }
  beforeAll(async () => {
    harness = await startHarness()
  })
  afterAll(async () => {
    await harness?.sim.stop()
  })
  beforeEach(() => {
    const { sim } = started()
    sim.reset()
    for (const [asset, amount] of Object.entries(start.balances ?? {}))
      sim.setBalance(asset, amount)
    for (const [symbol, price] of Object.entries(start.prices ?? {})) sim.setPrice(symbol, price)
  })
  return {
    sim: () => started().sim,
    exchange: () => started().exchange,
    clock: () => started().clock,
  }
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
