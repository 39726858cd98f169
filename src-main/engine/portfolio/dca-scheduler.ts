import type { Clock, TimerHandle } from '../clock'
import type { Logger } from '../logging/logger'
import type { ScheduledTradeRepository } from '../store/repositories/scheduled-trade-repository'
import { PendingBatches } from './pending-batches'
import type { PortfolioEventPublisher } from './portfolio-event'
import type { BatchOutcome, BatchRunner } from './rebalance-trade-runner'
import {
  nextBatchStatus,
  type BatchEvent,
  type NewScheduledBatch,
  type ScheduledBatch,
} from './scheduled-batch'
import { groupBy } from '../../../src-shared/group-by'

/** After a pass fails (the store is unreachable), the next one waits this long. */
export const RETRY_DELAY_MS = 60_000

/**
 * How long a rebalance's buys wait for its sells' orders to fill (seed 001: sells first, for
 * the funds). A limit sell can rest on the book; a buy sent beside it finds the quote asset
 * not yet there and is cut down to what is free. After this the buys go with what is free.
 */
export const SELL_FILL_WAIT_MS = 15 * 60_000

/**
 * How long a batch the risk engine's entry gates refused (a tripped breaker, the
 * losing-streak cooldown, a paused symbol) waits before it is tried again. They last an hour
 * or more (the cooldown, a volatility halt), until midnight (a loss breaker) or until a person
 * acts; each try is a risk check the risk engine records, so not every minute.
 */
export const RISK_RETRY_DELAY_MS = 15 * 60_000

/** A batch that ran, as it was stored afterwards, and how it went. */
export interface BatchResult {
  readonly batch: ScheduledBatch
  readonly outcome: BatchOutcome
}

export interface DcaSchedulerOptions {
  readonly repository: ScheduledTradeRepository
  readonly runner: BatchRunner
  readonly publisher: PortfolioEventPublisher
  readonly clock: Clock
  readonly logger: Logger
  /**
   * Whether a trade in this symbol may be sent now (the coordinator is RUNNING, not PAUSED or
   * HALTED, and has not paused the symbol; its price is not stale); a due batch waits,
   * re-checked every {@link RETRY_DELAY_MS}, while it says no. Always yes when omitted.
   */
  readonly isTradingAllowed?: (symbol: string) => boolean
  /**
   * The DCA interval. Batches that fell behind (the engine was stopped, or trading or their
   * symbol paused) are sent no closer than this: one batch of a rebalance and symbol per
   * pass, and its later batches moved back to keep their spacing — spreading a trade over
   * time is the point of DCA. Without it, every overdue batch is sent at once.
   */
  readonly spacingMs?: number
  /**
   * Whether an order a batch sent is still on the book (not filled, cancelled or failed):
   * a rebalance's due buys wait, re-checked every {@link RETRY_DELAY_MS} and for at most
   * {@link SELL_FILL_WAIT_MS}, while a sell it sent is. Never when omitted.
   */
  readonly isOrderResting?: (orderId: string) => boolean
}

/** A rebalance sell whose order was sent, and when. */
interface SentSell {
  readonly orderId: string
  readonly sentAtMs: number
}

const OUTCOME_EVENT: Readonly<Record<BatchOutcome['status'], BatchEvent>> = {
  executed: 'succeed',
  rejected: 'reject',
  deferred: 'defer',
  failed: 'fail',
}

/** The batch a pass is running, and why it is to be cancelled should it come back pending. */
interface RunningBatch {
  readonly batch: ScheduledBatch
  cancelReason: string | null
}

/**
 * Executes stored rebalance batches (scheduled_trades) when they fall due, on the injected
 * clock. The store is the schedule: {@link start} picks up what an earlier run left —
 * batches caught mid-send are marked failed, never re-sent (the order manager reconciles
 * what reached the exchange), and overdue batches run once, in order, kept one DCA interval
 * apart (see {@link DcaSchedulerOptions.spacingMs}). One timer waits for
 * the earliest pending batch; passes never overlap, nor do they run beside a task run
 * {@link runExclusive} (a rebalance check). A batch the risk engine's entry gates refuse for
 * now goes back to pending, due again {@link RISK_RETRY_DELAY_MS} later, its rebalance's
 * later batches in its symbol moved back to keep their spacing. Batches can be cancelled one
 * by one or by rebalance while pending (a cancel that comes while the batch is being run
 * applies if it comes back pending). Every change of a pending batch goes through the
 * scheduler, so it keeps them in memory ({@link PendingBatches}) and asks the store only to
 * change them.
 */
export class DcaScheduler {
  private timer: TimerHandle | null = null
  private isStarted = false
  /** Due batches whose symbol may not trade now: they wait until it may (logged once). */
  private readonly heldBack = new Set<string>()
  private tail: Promise<unknown> = Promise.resolve()
  private readonly waiting: PendingBatches
  /** Per rebalance, the sells sent that its buys may wait for (in memory: a restart forgets them). */
  private readonly sentSells = new Map<string, SentSell[]>()
  /** Buys the last pass held for their rebalance's sells (logged once). */
  private readonly waitingForSells = new Set<string>()
  private running: RunningBatch | null = null

  constructor(private readonly options: DcaSchedulerOptions) {
    this.waiting = new PendingBatches(() => options.repository.pending())
  }

  /** Recovers interrupted batches, runs overdue ones and starts waiting for the next; returns what ran. */
  async start(): Promise<BatchResult[]> {
    const { repository, clock, logger } = this.options
    const interrupted = await repository.changeAllStatus(
      'executing',
      nextBatchStatus('executing', 'interrupt'),
      {
        error:
          'INTERRUPTED: the engine stopped while this batch was being sent; not re-sent, the order manager reconciles it',
        executedAtMs: clock.now(),
      },
    )
    for (const batch of interrupted) {
      logger.warn(
        { batchId: batch.id, symbol: batch.symbol },
        'rebalance batch interrupted by a stop',
      )
      this.publishFailed(batch, batch.error)
    }
    this.isStarted = true
    return this.runDue()
  }

  /** Stops waiting for due batches and resolves once a running pass has ended. */
  async stop(): Promise<void> {
    this.isStarted = false
    this.disarm()
    await this.whenIdle()
  }

  /** Stores batches (pending) and waits for the earliest. */
  async schedule(batches: readonly NewScheduledBatch[]): Promise<void> {
    await this.waiting.ready()
    this.waiting.add(await this.options.repository.insertMany(batches))
    await this.arm()
  }

  /** Runs every pending batch due now, in order (after any pass already running); returns what ran. */
  runDue(): Promise<BatchResult[]> {
    return this.runExclusive(() => this.runPass())
  }

  /**
   * Runs `task` while no pass runs: after the pass (or task) running or queued now, and
   * before any pass asked for meanwhile. A rebalance check runs so: a batch being sent is
   * neither pending nor in the balances yet, and a check planning beside it would trade its
   * amount a second time. `task` must not wait for a pass itself (runDue, whenIdle, stop).
   */
  runExclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.tail.then(task)
    this.tail = run.catch(() => undefined)
    return run
  }

  /** Resolves once no pass is running or queued. */
  async whenIdle(): Promise<void> {
    for (;;) {
      const tail = this.tail
      await tail
      if (tail === this.tail) return
    }
  }

  /** Returns the pending batches in execution order. */
  async pending(): Promise<ScheduledBatch[]> {
    await this.waiting.ready()
    return this.waiting.all()
  }

  /** Returns one batch whatever its status, or null when there is none with this id. */
  batch(batchId: string): Promise<ScheduledBatch | null> {
    return this.options.repository.get(batchId)
  }

  /** Cancels one pending batch; returns false when it is not pending (anymore). */
  async cancelBatch(batchId: string): Promise<boolean> {
    this.cancelIfRunning((batch) => batch.id === batchId, 'batch cancelled on request')
    await this.waiting.ready()
    const cancelled = await this.options.repository.changeStatus(
      batchId,
      'pending',
      nextBatchStatus('pending', 'cancel'),
      { error: 'CANCELLED: batch cancelled on request' },
    )
    this.waiting.remove([batchId])
    if (cancelled === null) return false
    this.publishCancelled(cancelled.rebalanceId, [cancelled])
    await this.arm()
    return true
  }

  /** Cancels every pending batch of a rebalance; returns how many were cancelled. */
  cancelRebalance(rebalanceId: string, reason = 'rebalance cancelled on request'): Promise<number> {
    return this.cancelPending(rebalanceId, reason)
  }

  /** Cancels every pending batch of every rebalance (the kill switch); returns how many. */
  cancelAll(reason: string): Promise<number> {
    return this.cancelPending(null, reason)
  }

  /** Cancels the pending batches of one rebalance, or of all when null, in one write. */
  private async cancelPending(rebalanceId: string | null, reason: string): Promise<number> {
    this.cancelIfRunning(
      (batch) => rebalanceId === null || batch.rebalanceId === rebalanceId,
      reason,
    )
    await this.waiting.ready()
    const cancelled = await this.options.repository.changeAllStatus(
      'pending',
      nextBatchStatus('pending', 'cancel'),
      { ...(rebalanceId === null ? {} : { rebalanceId }), error: `CANCELLED: ${reason}` },
    )
    this.waiting.remove(cancelled.map((batch) => batch.id))
    for (const [id, batches] of groupBy(cancelled, (batch) => batch.rebalanceId)) {
      this.publishCancelled(id, batches)
    }
    await this.arm()
    return cancelled.length
  }

  /**
   * Notes a cancel for the batch being run when `matches` it: it is being sent, or it comes
   * back pending (refused for now) and is cancelled then.
   */
  private cancelIfRunning(matches: (batch: ScheduledBatch) => boolean, reason: string): void {
    if (this.running !== null && matches(this.running.batch)) this.running.cancelReason = reason
  }

  private async runPass(): Promise<BatchResult[]> {
    const { repository, clock, logger } = this.options
    const results: BatchResult[] = []
    const deferred: ScheduledBatch[] = []
    let retryDelay = 0
    try {
      await this.waiting.ready()
      const due = this.waiting.dueBy(clock.now())
      const allowed = due.filter((batch) => this.options.isTradingAllowed?.(batch.symbol) ?? true)
      if (allowed.length < due.length) retryDelay = RETRY_DELAY_MS
      this.logNewlyHeld(
        this.heldBack,
        due.filter((batch) => !allowed.includes(batch)),
        { name: 'symbols', of: (batch) => batch.symbol },
        'DCA batches due but their symbol may not trade now; waiting',
      )
      const { sent, behind } = spacedOut(allowed, this.options.spacingMs)
      const held: ScheduledBatch[] = []
      for (const batch of sent) {
        // Sells run first among batches due together, so this sees the pass's own sells.
        if (this.isWaitingForSells(batch)) {
          held.push(batch)
          continue
        }
        const started = await repository.changeStatus(
          batch.id,
          'pending',
          nextBatchStatus('pending', 'start'),
        )
        this.waiting.remove([batch.id])
        // Cancelled (or taken) since it was read.
        if (started === null) continue
        const result = await this.runStarted(started)
        results.push(result)
        if (result.outcome.status === 'deferred' && result.batch.status === 'pending') {
          deferred.push(result.batch)
        }
      }
      if (held.length > 0) retryDelay = RETRY_DELAY_MS
      this.logNewlyHeld(
        this.waitingForSells,
        held,
        { name: 'rebalances', of: (batch) => batch.rebalanceId },
        'rebalance buys wait for the sells of their rebalance to fill',
      )
      const now = clock.now()
      await this.moveBack([
        // Sent now, or refused for now (pending again): the spacing counts from then.
        ...sent
          .filter((batch) => !held.includes(batch) && behind.some((b) => sameSeries(b, batch)))
          .map((batch) => ({ batch, fromMs: now })),
        ...deferred.map((batch) => ({ batch, fromMs: batch.dueAtMs })),
      ])
    } catch (error) {
      retryDelay = RETRY_DELAY_MS
      logger.error({ err: error }, 'DCA scheduler pass failed; retrying later')
    }
    await this.arm(retryDelay).catch((error: unknown) => {
      logger.error({ err: error }, 'DCA scheduler could not read the next due batch')
    })
    return results
  }

  /**
   * Runs a batch just marked executing and stores how it went: executed, rejected or failed
   * for good, or refused for now by the risk engine's entry gates — pending again then, due
   * {@link RISK_RETRY_DELAY_MS} later (cancelled instead when a cancel came for it meanwhile).
   */
  private async runStarted(started: ScheduledBatch): Promise<BatchResult> {
    const { repository, runner, clock } = this.options
    this.running = { batch: started, cancelReason: null }
    try {
      const outcome = await runner.run(started)
      const finished = await repository.changeStatus(
        started.id,
        'executing',
        nextBatchStatus('executing', OUTCOME_EVENT[outcome.status]),
        outcome.status === 'deferred'
          ? { error: outcome.error }
          : { orderId: outcome.orderId, error: outcome.error, executedAtMs: clock.now() },
      )
      if (outcome.status === 'deferred') {
        // Taken meanwhile (a start() marked it interrupted) when null.
        // A pending batch carries an error only when it was refused so before: told once.
        const isFirstRefusal = started.error === null
        const batch = finished === null ? started : await this.defer(finished, isFirstRefusal)
        return { batch, outcome }
      }
      const stored = finished ?? started
      this.report(stored, outcome)
      if (stored.side === 'sell' && outcome.orderId !== null) {
        this.noteSentSell(stored.rebalanceId, outcome.orderId)
      }
      return { batch: stored, outcome }
    } finally {
      this.running = null
    }
  }

  /** Waits a batch back in pending for its next try, or cancels it when asked to meanwhile. */
  private async defer(batch: ScheduledBatch, isFirstRefusal: boolean): Promise<ScheduledBatch> {
    const { repository, clock, logger } = this.options
    const cancelReason = this.running?.cancelReason ?? null
    this.running = null
    if (cancelReason !== null) {
      const cancelled = await repository.changeStatus(
        batch.id,
        'pending',
        nextBatchStatus('pending', 'cancel'),
        { error: `CANCELLED: ${cancelReason}` },
      )
      // Cancelled by another call meanwhile.
      if (cancelled === null) return (await repository.get(batch.id)) ?? batch
      this.publishCancelled(cancelled.rebalanceId, [cancelled])
      return cancelled
    }
    const retryAtMs = clock.now() + RISK_RETRY_DELAY_MS
    const stored = await repository.reschedule(batch.id, retryAtMs)
    // Cancelled since it came back.
    if (stored === null) return (await repository.get(batch.id)) ?? batch
    this.waiting.add([stored])
    if (isFirstRefusal) {
      logger.warn(
        { ...batchFields(stored), error: stored.error, retryAtMs },
        'rebalance batch refused by the risk engine for now; tried again later',
      )
      this.publishFailed(stored, stored.error)
    }
    return stored
  }

  /**
   * Moves the later batches of each anchor's rebalance and symbol to one spacing after
   * another from the anchor's time (never earlier than they were due): a batch just sent
   * that others fell behind, or one refused for now, from its next try.
   */
  private async moveBack(anchors: readonly { batch: ScheduledBatch; fromMs: number }[]) {
    const spacingMs = this.options.spacingMs
    if (anchors.length === 0 || spacingMs === undefined) return
    const moved: { batchId: string; dueAtMs: number }[] = []
    for (const { batch: first, fromMs } of anchors) {
      const later = this.waiting
        .all()
        .filter((batch) => sameSeries(batch, first) && batch.batchIndex > first.batchIndex)
        .sort((a, b) => a.batchIndex - b.batchIndex)
      for (const [place, batch] of later.entries()) {
        const dueAtMs = Math.max(batch.dueAtMs, fromMs + (place + 1) * spacingMs)
        if (dueAtMs === batch.dueAtMs) continue
        const stored = await this.options.repository.reschedule(batch.id, dueAtMs)
        if (stored === null) {
          // Cancelled (or taken) since it was read.
          this.waiting.remove([batch.id])
          continue
        }
        this.waiting.add([stored])
        moved.push({ batchId: stored.id, dueAtMs })
      }
    }
    if (moved.length > 0) {
      this.options.logger.info(
        { moved },
        'DCA batches fell behind; the later ones are moved back to keep their spacing',
      )
    }
  }

  /** Whether `batch` is a buy of a rebalance with a sell still resting; logs when one stops waiting. */
  private isWaitingForSells(batch: ScheduledBatch): boolean {
    if (batch.side !== 'buy') return false
    const isWaiting = this.restingSellsOf(batch.rebalanceId).length > 0
    if (!isWaiting && this.waitingForSells.has(batch.id)) {
      this.options.logger.info(
        { batchId: batch.id, rebalanceId: batch.rebalanceId, symbol: batch.symbol },
        'rebalance buy no longer waits for its sells',
      )
    }
    return isWaiting
  }

  /** The sells of a rebalance still on the book and sent less than {@link SELL_FILL_WAIT_MS} ago. */
  private restingSellsOf(rebalanceId: string): readonly SentSell[] {
    const { isOrderResting, clock } = this.options
    const sells = this.sentSells.get(rebalanceId) ?? []
    if (isOrderResting === undefined) return []
    const now = clock.now()
    return sells.filter(
      (sell) => now - sell.sentAtMs < SELL_FILL_WAIT_MS && isOrderResting(sell.orderId),
    )
  }

  /** Keeps a sell its rebalance's buys may wait for, forgetting those past the longest wait. */
  private noteSentSell(rebalanceId: string, orderId: string): void {
    const now = this.options.clock.now()
    // Sells past the longest wait hold nothing back any more.
    for (const [id, sells] of this.sentSells) {
      const recent = sells.filter((sell) => now - sell.sentAtMs < SELL_FILL_WAIT_MS)
      if (recent.length === 0) this.sentSells.delete(id)
      else this.sentSells.set(id, recent)
    }
    const sells = this.sentSells.get(rebalanceId) ?? []
    this.sentSells.set(rebalanceId, [...sells, { orderId, sentAtMs: now }])
  }

  /**
   * Logs the batches of `held` that the last pass did not hold (`seen` becomes `held`), with
   * `group` of them: a symbol paused for hours would otherwise log every minute.
   */
  private logNewlyHeld(
    seen: Set<string>,
    held: readonly ScheduledBatch[],
    group: { name: 'symbols' | 'rebalances'; of: (batch: ScheduledBatch) => string },
    message: string,
  ): void {
    const fresh = newlyIn(seen, held)
    if (fresh.length === 0) return
    this.options.logger.info(
      { batches: fresh.map((batch) => batch.id), [group.name]: [...new Set(fresh.map(group.of))] },
      message,
    )
  }

  /** Waits for the earliest pending batch (at least `minDelayMs` from now) while started. */
  private async arm(minDelayMs = 0): Promise<void> {
    this.disarm()
    if (!this.isStarted) return
    await this.waiting.ready()
    const dueAt = this.waiting.nextDueAtMs()
    // Re-checked: stop() or another arm() may have run while the store answered.
    this.disarm()
    if (dueAt === null || !this.isStarted) return
    this.waitFor(Math.max(minDelayMs, dueAt - this.options.clock.now(), 0))
  }

  /** Runs the next pass after `delayMs`, replacing any waiting timer. */
  private waitFor(delayMs: number): void {
    this.disarm()
    if (!this.isStarted) return
    const { clock, logger } = this.options
    this.timer = clock.setTimeout(() => {
      this.timer = null
      this.runDue().catch((error: unknown) => {
        logger.error({ err: error }, 'DCA scheduler pass failed')
      })
    }, delayMs)
  }

  private disarm(): void {
    if (this.timer !== null) this.options.clock.clearTimer(this.timer)
    this.timer = null
  }

  private report(batch: ScheduledBatch, outcome: BatchOutcome): void {
    const { logger, publisher } = this.options
    const fields = batchFields(batch)
    if (outcome.status !== 'executed') {
      logger.warn(
        { ...fields, status: outcome.status, error: outcome.error },
        'rebalance batch not executed',
      )
      this.publishFailed(batch, outcome.error)
      return
    }
    logger.info({ ...fields, orderId: outcome.orderId }, 'rebalance batch executed')
    publisher.publish({
      type: 'rebalance_trade_executed',
      correlationId: batch.correlationId,
      data: {
        ...batchData(batch),
        size: outcome.size === null ? null : outcome.size.toFixed(),
        price: outcome.price === null ? null : outcome.price.toFixed(),
        order_id: outcome.orderId,
      },
    })
  }

  private publishFailed(batch: ScheduledBatch, error: string | null): void {
    this.options.publisher.publish({
      type: 'rebalance_trade_failed',
      correlationId: batch.correlationId,
      data: { ...batchData(batch), status: batch.status, error },
    })
  }

  private publishCancelled(rebalanceId: string, batches: readonly ScheduledBatch[]): void {
    this.options.publisher.publish({
      type: 'rebalance_batches_cancelled',
      correlationId: batches[0]?.correlationId ?? null,
      data: {
        rebalance_id: rebalanceId,
        count: batches.length,
        batch_ids: batches.map((batch) => batch.id).join(','),
      },
    })
  }
}

/** The batches of `now` that `seen` did not hold; `seen` becomes `now`'s ids. */
function newlyIn(seen: Set<string>, now: readonly ScheduledBatch[]): ScheduledBatch[] {
  const fresh = now.filter((batch) => !seen.has(batch.id))
  seen.clear()
  for (const batch of now) seen.add(batch.id)
  return fresh
}

/** A batch as the logs name it. */
function batchFields(batch: ScheduledBatch): Record<string, string> {
  return {
    batchId: batch.id,
    rebalanceId: batch.rebalanceId,
    symbol: batch.symbol,
    side: batch.side,
    amountUsd: batch.amountUsd.toFixed(),
    batch: `${batch.batchIndex + 1}/${batch.batchCount}`,
  }
}

/** Whether two batches belong to one rebalance's trade in one symbol. */
function sameSeries(a: ScheduledBatch, b: ScheduledBatch): boolean {
  return a.rebalanceId === b.rebalanceId && a.symbol === b.symbol
}

/**
 * Splits due batches into those to send now and those behind them: with a spacing, only
 * the first due batch of each rebalance and symbol is sent; without, all of them.
 */
function spacedOut(
  due: readonly ScheduledBatch[],
  spacingMs: number | undefined,
): { sent: ScheduledBatch[]; behind: ScheduledBatch[] } {
  if (spacingMs === undefined) return { sent: [...due], behind: [] }
  const sent: ScheduledBatch[] = []
  const behind: ScheduledBatch[] = []
  for (const batch of due) {
    if (sent.some((other) => sameSeries(other, batch))) behind.push(batch)
    else sent.push(batch)
  }
  return { sent, behind }
}

function batchData(batch: ScheduledBatch): Record<string, string | number> {
  return {
    rebalance_id: batch.rebalanceId,
    batch_id: batch.id,
    symbol: batch.symbol,
    side: batch.side,
    amount_usd: batch.amountUsd.toFixed(),
    execution_type: batch.executionType,
    batch_index: batch.batchIndex,
    batch_count: batch.batchCount,
  }
}
