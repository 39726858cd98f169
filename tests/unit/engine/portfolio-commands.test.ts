import { afterEach, describe, expect, it } from 'vitest'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { portfolioCommands } from '../../../src-main/engine/services/portfolio-commands'
import type { Store } from '../../../src-main/engine/store'
import { ScheduledTradeRepository } from '../../../src-main/engine/store/repositories/scheduled-trade-repository'
import { COMMANDS } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import {
  HOUR,
  T0,
  aPortfolioKit,
  clearPortfolioTables,
  dcaMarket,
  type PortfolioKit,
} from '../../helpers/portfolio-kit'
import { useMemoryStore } from '../../helpers/test-store'

const UNKNOWN = '00000000-0000-4000-8fff-000000000000'

describe('portfolio commands over the DCA batches', () => {
  let store: Store
  let started: PortfolioKit[] = []
  useMemoryStore((opened) => (store = opened), clearPortfolioTables)

  afterEach(async () => {
    for (const kit of started) await kit.portfolio.service.stop()
    started = []
  })

  /**
   * A real portfolio that has just sold $2,667 of BTC in 6 batches 4 h apart (the first and
   * the $333 XRP buy ran at once, 5 sell batches wait), and the handlers over it.
   */
  async function afterDcaRebalance() {
    const kit = await aPortfolioKit({ store, market: dcaMarket() })
    await kit.portfolio.service.start()
    started.push(kit)
    await kit.portfolio.service.rebalance()
    const commands = portfolioCommands({ portfolio: kit.portfolio } as unknown as EngineParts)
    const pending = async () => {
      const batches = await commands['portfolio:pendingBatches']({})
      return COMMANDS['portfolio:pendingBatches'].output.parse(batches)
    }
    const cancelBatch = (id: string) =>
      commands['portfolio:cancelBatch'](COMMANDS['portfolio:cancelBatch'].input.parse({ id }))
    const cancelRebalance = (id: string) =>
      commands['portfolio:cancelRebalance'](
        COMMANDS['portfolio:cancelRebalance'].input.parse({ id }),
      )
    return { kit, pending, cancelBatch, cancelRebalance }
  }

  it('lists the pending batches in execution order: amounts to the cent, numbered k of n, due times', async () => {
    const { pending } = await afterDcaRebalance()
    const batches = await pending()
    expect(
      batches.map((batch) => [
        batch.symbol,
        batch.side,
        batch.amountUsd,
        `${batch.batchNumber}/${batch.batchCount}`,
        batch.dueAt - T0,
        batch.status,
      ]),
    ).toEqual([
      ['BTC/USDT', 'sell', '444.50', '2/6', 4 * HOUR, 'pending'],
      ['BTC/USDT', 'sell', '444.50', '3/6', 8 * HOUR, 'pending'],
      ['BTC/USDT', 'sell', '444.50', '4/6', 12 * HOUR, 'pending'],
      ['BTC/USDT', 'sell', '444.50', '5/6', 16 * HOUR, 'pending'],
      ['BTC/USDT', 'sell', '444.50', '6/6', 20 * HOUR, 'pending'],
    ])
    const rebalanceIds = new Set(batches.map((batch) => batch.rebalanceId))
    expect(rebalanceIds.size).toBe(1)
    expect(batches[0]).toMatchObject({
      executionType: 'limit',
      // Without a correlation id of its own, a rebalance is traced by its id.
      correlationId: batches[0]?.rebalanceId,
      createdAt: T0,
    })
  })

  it('cancels one pending batch, returns it cancelled and never runs it', async () => {
    const { kit, pending, cancelBatch } = await afterDcaRebalance()
    const [next, after] = await pending()
    const cancelled = await cancelBatch(next!.id)
    expect(COMMANDS['portfolio:cancelBatch'].output.parse(cancelled)).toEqual({
      ...next,
      status: 'cancelled',
    })
    expect((await pending()).map((batch) => batch.id)[0]).toBe(after!.id)
    await kit.clock.advanceTo(T0 + 4 * HOUR)
    await kit.portfolio.scheduler.whenIdle()
    // The sell and the buy at once; nothing at 4 h.
    expect(kit.executor.requests).toHaveLength(2)
  })

  it('refuses to cancel a batch that is no longer pending, naming its status', async () => {
    const { pending, cancelBatch } = await afterDcaRebalance()
    const [next] = await pending()
    await cancelBatch(next!.id)
    const again = await cancelBatch(next!.id).catch((error: unknown) => error)
    expect(again).toBeInstanceOf(CommandError)
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: `rebalance batch id=${next!.id} is already cancelled; only a pending batch can be cancelled`,
    })
    const stored = await new ScheduledTradeRepository(store.db).ofRebalance(next!.rebalanceId)
    const executed = stored.find((batch) => batch.status === 'executed')!
    await expect(cancelBatch(executed.id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `rebalance batch id=${executed.id} is already executed; only a pending batch can be cancelled`,
    })
    expect(await pending()).toHaveLength(4)
  })

  it('answers NOT_FOUND for a batch that does not exist, UUID or not', async () => {
    const { pending, cancelBatch } = await afterDcaRebalance()
    await expect(cancelBatch(UNKNOWN)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: `rebalance batch id=${UNKNOWN} not found`,
    })
    await expect(cancelBatch('batch-1')).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'rebalance batch id=batch-1 not found',
    })
    expect(await pending()).toHaveLength(5)
  })

  it('cancels every pending batch of a rebalance and says how many; none run afterwards', async () => {
    const { kit, pending, cancelRebalance } = await afterDcaRebalance()
    const [next] = await pending()
    await kit.clock.advanceTo(T0 + 4 * HOUR)
    await kit.portfolio.scheduler.whenIdle()
    expect(kit.executor.requests).toHaveLength(3)
    const result = await cancelRebalance(next!.rebalanceId)
    expect(COMMANDS['portfolio:cancelRebalance'].output.parse(result)).toEqual({ cancelled: 4 })
    expect(await pending()).toEqual([])
    expect(await cancelRebalance(next!.rebalanceId)).toEqual({ cancelled: 0 })
    expect(await cancelRebalance(UNKNOWN)).toEqual({ cancelled: 0 })
    expect(await cancelRebalance('rebalance-1')).toEqual({ cancelled: 0 })
    await kit.clock.advanceTo(T0 + 48 * HOUR)
    await kit.portfolio.scheduler.whenIdle()
    expect(kit.executor.requests).toHaveLength(3)
  })
})
