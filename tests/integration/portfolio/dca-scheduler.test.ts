import Decimal from 'decimal.js'
import { describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  DcaScheduler,
  type DcaSchedulerOptions,
  RETRY_DELAY_MS,
  RISK_RETRY_DELAY_MS,
  SELL_FILL_WAIT_MS,
  type BatchOutcome,
  type BatchRunner,
  type NewScheduledBatch,
  type ScheduledBatch,
} from '../../../src-main/engine/portfolio'
import type { Store } from '../../../src-main/engine/store'
import { ScheduledTradeRepository } from '../../../src-main/engine/store/repositories/scheduled-trade-repository'
import { RecordingPublisher } from '../../fakes/portfolio'
import { capturingLogger, linesWith } from '../../helpers/market/capturing-logger'
import { HOUR, T0, clearPortfolioTables } from '../../helpers/portfolio-kit'
import { useMemoryStore } from '../../helpers/test-store'

const MOVED_BACK = 'DCA batches fell behind; the later ones are moved back to keep their spacing'
const HELD_BACK = 'DCA batches due but their symbol may not trade now; waiting'
const WAITING_FOR_SELLS = 'rebalance buys wait for the sells of their rebalance to fill'
const DONE_WAITING = 'rebalance buy no longer waits for its sells'
const REFUSED_FOR_NOW = 'rebalance batch refused by the risk engine for now; tried again later'
const REBALANCE = '00000000-0000-4000-8000-0000000000aa'
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`

function aBatch(n: number, dueAtMs: number, priority = 1, symbol = 'BTC/USDT'): NewScheduledBatch {
  return {
    id: id(n),
    rebalanceId: REBALANCE,
    symbol,
    side: 'sell',
    amountUsd: new Decimal('100'),
    executionType: 'limit',
    priority,
    batchIndex: n,
    batchCount: 9,
    dueAtMs,
    correlationId: null,
    createdAtMs: T0,
  }
}

/**
 * Records the batches it runs and answers executed unless told otherwise; after `holdNext`
 * the next run stays in flight until the test releases it.
 */
class RecordingRunner implements BatchRunner {
  readonly ran: string[] = []
  next: BatchOutcome['status'] = 'executed'
  error: string | null = null
  /** The order a batch sends; none unless told. */
  orderIdOf: (batch: ScheduledBatch) => string | null = () => null
  private hold: Promise<void> | null = null

  holdNext(): () => void {
    let release = () => {}
    this.hold = new Promise((resolve) => {
      release = resolve
    })
    return release
  }

  async run(batch: ScheduledBatch): Promise<BatchOutcome> {
    this.ran.push(batch.id)
    const hold = this.hold
    this.hold = null
    if (hold) await hold
    const orderId = this.orderIdOf(batch)
    return { status: this.next, orderId, error: this.error, size: null, price: null }
  }
}

/** Counts reads of due batches and fails the next `failures`, as an unreachable store would. */
class FlakyRepository extends ScheduledTradeRepository {
  failures = 0
  reads = 0

  override async pending(atMs?: number): Promise<ScheduledBatch[]> {
    this.reads++
    if (this.failures > 0) {
      this.failures--
      throw new Error('connection reset')
    }
    return super.pending(atMs)
  }
}

describe('DcaScheduler', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened), clearPortfolioTables)

  function aScheduler(
    options: Pick<DcaSchedulerOptions, 'isTradingAllowed' | 'spacingMs' | 'isOrderResting'> = {},
  ) {
    const clock = new VirtualClock(T0)
    const repository = new FlakyRepository(store.db)
    const runner = new RecordingRunner()
    const publisher = new RecordingPublisher()
    const { logger, lines } = capturingLogger()
    const scheduler = new DcaScheduler({
      repository,
      runner,
      publisher,
      clock,
      logger,
      ...options,
    })
    return { scheduler, clock, repository, runner, publisher, lines }
  }

  it('runs batches due together in priority order, and nothing before start', async () => {
    const { scheduler, clock, runner } = aScheduler()
    await scheduler.schedule([aBatch(2, T0, 2), aBatch(1, T0, 1), aBatch(3, T0 + HOUR)])
    expect(clock.pendingTimers()).toBe(0)
    expect(runner.ran).toEqual([])
    const ran = await scheduler.start()
    expect(ran.map((result) => result.batch.id)).toEqual([id(1), id(2)])
    expect(clock.nextDueAt()).toBe(T0 + HOUR)
    await scheduler.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('retries a minute after a pass fails to read the store', async () => {
    const { scheduler, clock, repository, runner } = aScheduler()
    // Left by an earlier run; the first read of the pending batches fails.
    await new ScheduledTradeRepository(store.db).insertMany([aBatch(1, T0)])
    repository.failures = 1
    expect(await scheduler.start()).toEqual([])
    expect(clock.nextDueAt()).toBe(T0 + RETRY_DELAY_MS)
    await clock.advanceTo(T0 + RETRY_DELAY_MS)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(1)])
    await scheduler.stop()
  })

  it('holds due batches while trading is not allowed and runs them once it is', async () => {
    let isAllowed = false
    const { scheduler, clock, runner, repository } = aScheduler({
      isTradingAllowed: () => isAllowed,
    })
    await scheduler.schedule([aBatch(1, T0)])
    expect(await scheduler.start()).toEqual([])
    expect(clock.nextDueAt()).toBe(T0 + RETRY_DELAY_MS)
    for (let minute = 1; minute <= 3; minute++) {
      await clock.advanceTo(T0 + minute * RETRY_DELAY_MS)
      await scheduler.whenIdle()
    }
    expect(runner.ran).toEqual([])
    // Re-checked every minute, but the held batches are not read again while nothing changed.
    expect(repository.reads).toBe(1)
    isAllowed = true
    await clock.advanceTo(T0 + 4 * RETRY_DELAY_MS)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(1)])
    await scheduler.stop()
  })

  it("holds a paused symbol's due batches, runs the others and logs the held ones once", async () => {
    const paused = new Set(['XRP/USDT'])
    const { scheduler, clock, runner, lines } = aScheduler({
      isTradingAllowed: (symbol) => !paused.has(symbol),
    })
    await scheduler.schedule([aBatch(1, T0, 1, 'XRP/USDT'), aBatch(2, T0, 2)])
    const ran = await scheduler.start()
    expect(ran.map((result) => result.batch.id)).toEqual([id(2)])
    expect(clock.nextDueAt()).toBe(T0 + RETRY_DELAY_MS)
    await clock.advanceTo(T0 + 2 * RETRY_DELAY_MS)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(2)])
    expect(linesWith(lines, HELD_BACK)).toEqual([
      expect.objectContaining({ batches: [id(1)], symbols: ['XRP/USDT'] }),
    ])
    paused.delete('XRP/USDT')
    await clock.advanceTo(T0 + 3 * RETRY_DELAY_MS)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(2), id(1)])
    await scheduler.stop()
  })

  it("sends one overdue batch of a rebalance's symbol and moves its later ones back, keeping their spacing", async () => {
    const paused = new Set(['XRP/USDT'])
    const { scheduler, clock, runner, lines } = aScheduler({
      isTradingAllowed: (symbol) => !paused.has(symbol),
      spacingMs: 4 * HOUR,
    })
    const xrp = (n: number, hours: number) => aBatch(n, T0 + hours * HOUR, 1, 'XRP/USDT')
    await scheduler.schedule([
      xrp(1, 0),
      xrp(2, 4),
      xrp(3, 8),
      xrp(4, 24),
      aBatch(5, T0 + 4 * HOUR),
    ])
    await scheduler.start()
    // XRP paused for 9 hours: its first three batches fell behind; BTC's ran on time.
    await clock.advanceTo(T0 + 9 * HOUR - RETRY_DELAY_MS)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(5)])
    paused.delete('XRP/USDT')
    await clock.advanceTo(T0 + 9 * HOUR)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(5), id(1)])
    const due = async () =>
      (await scheduler.pending()).map((batch) => [batch.id, (batch.dueAtMs - T0) / HOUR])
    // Batch 4, due at 24 h, is already more than three spacings after 9 h: it stays.
    expect(await due()).toEqual([
      [id(2), 13],
      [id(3), 17],
      [id(4), 24],
    ])
    expect(linesWith(lines, MOVED_BACK)).toHaveLength(1)
    await clock.advanceTo(T0 + 24 * HOUR)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(5), id(1), id(2), id(3), id(4)])
    await scheduler.stop()
  })

  it('stores what the runner reported and publishes failures', async () => {
    const { scheduler, runner, publisher, repository } = aScheduler()
    runner.next = 'rejected'
    await scheduler.schedule([aBatch(1, T0)])
    await scheduler.start()
    expect((await repository.get(id(1)))?.status).toBe('rejected')
    expect(publisher.ofType('rebalance_trade_failed').map((event) => event.data.status)).toEqual([
      'rejected',
    ])
    await scheduler.stop()
  })

  it('puts a batch refused for now back to pending, tries it again later and tells it once', async () => {
    const { scheduler, clock, runner, repository, publisher, lines } = aScheduler({
      spacingMs: 4 * HOUR,
    })
    runner.next = 'deferred'
    runner.error = 'COOLDOWN: consecutive_losses=3 until=2025-01-06T13:00:00.000Z'
    await scheduler.schedule([aBatch(1, T0), aBatch(2, T0 + 4 * HOUR)])
    await scheduler.start()
    expect(await repository.get(id(1))).toMatchObject({
      status: 'pending',
      error: runner.error,
      dueAtMs: T0 + RISK_RETRY_DELAY_MS,
      executedAtMs: null,
    })
    for (let quarter = 1; quarter <= 3; quarter++) {
      await clock.advanceTo(T0 + quarter * RISK_RETRY_DELAY_MS)
      await scheduler.whenIdle()
    }
    expect(runner.ran).toEqual([id(1), id(1), id(1), id(1)])
    // Its next try at 1 h: the later batch keeps 4 h after it.
    expect((await scheduler.pending()).map((batch) => [batch.id, batch.dueAtMs - T0])).toEqual([
      [id(1), HOUR],
      [id(2), 5 * HOUR],
    ])
    expect(publisher.ofType('rebalance_trade_failed').map((event) => event.data)).toEqual([
      expect.objectContaining({ batch_id: id(1), status: 'pending', error: runner.error }),
    ])
    expect(linesWith(lines, REFUSED_FOR_NOW)).toHaveLength(1)

    runner.next = 'executed'
    runner.error = null
    await clock.advanceTo(T0 + HOUR)
    await scheduler.whenIdle()
    expect(await repository.get(id(1))).toMatchObject({
      status: 'executed',
      error: null,
      executedAtMs: T0 + HOUR,
    })
    expect(publisher.ofType('rebalance_trade_executed')).toHaveLength(1)
    await scheduler.stop()
  })

  it.each([
    ['its rebalance', (scheduler: DcaScheduler) => scheduler.cancelRebalance(REBALANCE)],
    ['it', (scheduler: DcaScheduler) => scheduler.cancelBatch(id(1))],
    ['every batch', (scheduler: DcaScheduler) => scheduler.cancelAll('kill switch')],
  ])(
    'cancels a batch refused for now when %s was cancelled while it was checked',
    async (_name, cancel) => {
      const { scheduler, clock, runner, repository, publisher } = aScheduler()
      runner.next = 'deferred'
      await scheduler.schedule([aBatch(1, T0)])
      const release = runner.holdNext()
      const pass = scheduler.start()
      await vi.waitFor(() => expect(runner.ran).toEqual([id(1)]))
      // Being checked, it is not pending: nothing to cancel in the store yet.
      await cancel(scheduler)
      release()
      await pass
      expect((await repository.get(id(1)))?.status).toBe('cancelled')
      expect(await scheduler.pending()).toEqual([])
      expect(publisher.ofType('rebalance_batches_cancelled')).toHaveLength(1)
      expect(publisher.ofType('rebalance_trade_failed')).toEqual([])
      await clock.advanceTo(T0 + 2 * RISK_RETRY_DELAY_MS)
      await scheduler.whenIdle()
      expect(runner.ran).toEqual([id(1)])
      await scheduler.stop()
    },
  )

  it('runs an exclusive task after the pass sending a batch, and the next pass after it', async () => {
    const { scheduler, runner } = aScheduler()
    await scheduler.schedule([aBatch(1, T0)])
    const release = runner.holdNext()
    const sending = scheduler.start()
    await vi.waitFor(() => expect(runner.ran).toEqual([id(1)]))
    const seen: string[] = []
    const task = scheduler.runExclusive(async () => {
      seen.push(`task saw ${(await scheduler.batch(id(1)))?.status}`)
      await scheduler.schedule([aBatch(2, T0)])
      return 'done'
    })
    const next = scheduler.runDue().then((results) => {
      seen.push(`pass ran ${results.map((result) => result.batch.id).join()}`)
    })
    await Promise.resolve()
    expect(seen).toEqual([])
    release()
    await sending
    expect(await task).toBe('done')
    await next
    expect(seen).toEqual(['task saw executed', `pass ran ${id(2)}`])
    await scheduler.stop()
  })

  it('runs passes one after another, never the same batch twice', async () => {
    const { scheduler, runner } = aScheduler()
    await scheduler.schedule([aBatch(1, T0), aBatch(2, T0)])
    const [first, second] = await Promise.all([scheduler.runDue(), scheduler.runDue()])
    expect(first?.map((result) => result.batch.id)).toEqual([id(1), id(2)])
    expect(second).toEqual([])
    expect(runner.ran).toEqual([id(1), id(2)])
  })

  it('reads the pending batches once and follows them in memory through runs, waits and cancels', async () => {
    const { scheduler, clock, repository, runner } = aScheduler()
    // Stored by an earlier run: found at the first read.
    await new ScheduledTradeRepository(store.db).insertMany([aBatch(1, T0)])
    expect(await scheduler.start()).toHaveLength(1)
    expect(repository.reads).toBe(1)
    await scheduler.schedule([
      aBatch(2, T0 + HOUR),
      aBatch(3, T0 + 2 * HOUR),
      aBatch(4, T0 + 3 * HOUR),
    ])
    expect(clock.nextDueAt()).toBe(T0 + HOUR)
    expect(await scheduler.cancelBatch(id(3))).toBe(true)
    expect(await scheduler.cancelBatch(id(3))).toBe(false)
    expect((await scheduler.pending()).map((batch) => batch.id)).toEqual([id(2), id(4)])
    await clock.advanceTo(T0 + HOUR)
    await scheduler.whenIdle()
    expect(runner.ran).toEqual([id(1), id(2)])
    // The cancelled batch is not waited for.
    expect(clock.nextDueAt()).toBe(T0 + 3 * HOUR)
    expect(await scheduler.cancelRebalance(REBALANCE)).toBe(1)
    expect(await scheduler.pending()).toEqual([])
    expect(clock.pendingTimers()).toBe(0)
    expect(await scheduler.runDue()).toEqual([])
    expect(repository.reads).toBe(1)
    await scheduler.stop()
  })

  it('cancels the pending batches of every rebalance in one go, announcing each rebalance', async () => {
    const { scheduler, clock, publisher } = aScheduler()
    await scheduler.start()
    const OTHER = '00000000-0000-4000-8000-0000000000bb'
    await scheduler.schedule([
      aBatch(1, T0 + HOUR),
      aBatch(2, T0 + 2 * HOUR),
      { ...aBatch(3, T0 + HOUR), rebalanceId: OTHER },
    ])
    expect(await scheduler.cancelAll('kill switch')).toBe(3)
    expect(await scheduler.pending()).toEqual([])
    expect(clock.pendingTimers()).toBe(0)
    expect(
      publisher
        .ofType('rebalance_batches_cancelled')
        .map((event) => [event.data.rebalance_id, event.data.count]),
    ).toEqual([
      [REBALANCE, 2],
      [OTHER, 1],
    ])
    expect(await scheduler.cancelAll('kill switch')).toBe(0)
    await scheduler.stop()
  })

  describe("a rebalance's buys and its sells' orders", () => {
    const OTHER = '00000000-0000-4000-8000-0000000000bb'
    /** A sell (sent first) and a buy of one rebalance, and a buy of another, all due now. */
    async function sellAndBuys(resting: Set<string>) {
      const kit = aScheduler({ isOrderResting: (orderId) => resting.has(orderId) })
      kit.runner.orderIdOf = (batch) => `order-${batch.batchIndex}`
      await kit.scheduler.schedule([
        aBatch(1, T0, 1, 'XRP/USDT'),
        { ...aBatch(2, T0, 2), side: 'buy' },
        { ...aBatch(3, T0, 1), side: 'buy', rebalanceId: OTHER },
      ])
      return kit
    }
    const minute = async (kit: ReturnType<typeof aScheduler>, n: number) => {
      await kit.clock.advanceTo(T0 + n * RETRY_DELAY_MS)
      await kit.scheduler.whenIdle()
    }

    it('wait while a sell of their rebalance rests on the book, and go once it filled', async () => {
      const resting = new Set(['order-1'])
      const kit = await sellAndBuys(resting)
      // The other rebalance sold nothing: its buy goes.
      expect((await kit.scheduler.start()).map((result) => result.batch.id)).toEqual([id(1), id(3)])
      expect(kit.clock.nextDueAt()).toBe(T0 + RETRY_DELAY_MS)
      await minute(kit, 1)
      expect(kit.runner.ran).toEqual([id(1), id(3)])
      expect((await kit.scheduler.pending()).map((batch) => batch.id)).toEqual([id(2)])
      // Told once, not every minute.
      expect(linesWith(kit.lines, WAITING_FOR_SELLS)).toHaveLength(1)

      resting.delete('order-1')
      await minute(kit, 2)
      expect(kit.runner.ran).toEqual([id(1), id(3), id(2)])
      expect(linesWith(kit.lines, DONE_WAITING).map((line) => line.batchId)).toEqual([id(2)])
      await kit.scheduler.stop()
    })

    it('go with what is free once the sell rested for the longest wait', async () => {
      const kit = await sellAndBuys(new Set(['order-1']))
      await kit.scheduler.start()
      const lastMinuteWaited = SELL_FILL_WAIT_MS / RETRY_DELAY_MS - 1
      await minute(kit, lastMinuteWaited)
      expect(kit.runner.ran).not.toContain(id(2))
      await minute(kit, lastMinuteWaited + 1)
      expect(kit.runner.ran.at(-1)).toBe(id(2))
      await kit.scheduler.stop()
    })

    it('go at once without a way to see the orders, or when the sell sent none', async () => {
      const blind = aScheduler()
      blind.runner.orderIdOf = (batch) => `order-${batch.batchIndex}`
      await blind.scheduler.schedule([aBatch(4, T0, 1), { ...aBatch(5, T0, 2), side: 'buy' }])
      expect(await blind.scheduler.start()).toHaveLength(2)
      await blind.scheduler.stop()

      const kit = await sellAndBuys(new Set(['order-1']))
      kit.runner.orderIdOf = () => null
      expect(await kit.scheduler.start()).toHaveLength(3)
      await kit.scheduler.stop()
    })
  })
})
