import { byExecutionOrder, type ScheduledBatch } from './scheduled-batch'

/**
 * The pending DCA batches, read from the store once and then kept in step by the scheduler,
 * through which every change of a pending batch goes. Waiting for the next batch, checking
 * for due ones and listing them then ask the store nothing.
 */
export class PendingBatches {
  #byId: Map<string, ScheduledBatch> | null = null
  #reading: Promise<void> | null = null

  constructor(private readonly readStore: () => Promise<readonly ScheduledBatch[]>) {}

  /**
   * Resolves once the pending batches are read from the store (at the first call; a failed
   * read is tried again at the next). Call it before changing a pending batch in the store,
   * so a read in flight cannot miss or resurrect the change.
   */
  ready(): Promise<void> {
    if (this.#byId !== null) return Promise.resolve()
    this.#reading ??= this.readStore()
      .then((batches) => {
        this.#byId = new Map(batches.map((batch) => [batch.id, batch]))
      })
      .finally(() => {
        this.#reading = null
      })
    return this.#reading
  }

  /** Returns the pending batches in execution order. */
  all(): ScheduledBatch[] {
    return [...this.#read().values()].sort(byExecutionOrder)
  }

  /** Returns the pending batches due at or before `atMs`, in execution order. */
  dueBy(atMs: number): ScheduledBatch[] {
    return this.all().filter((batch) => batch.dueAtMs <= atMs)
  }

  /** Returns when the earliest pending batch is due, or null when none is pending. */
  nextDueAtMs(): number | null {
    let earliest: number | null = null
    for (const batch of this.#read().values()) {
      if (earliest === null || batch.dueAtMs < earliest) earliest = batch.dueAtMs
    }
    return earliest
  }

  /** Adds batches just stored as pending. */
  add(batches: readonly ScheduledBatch[]): void {
    const byId = this.#read()
    for (const batch of batches) byId.set(batch.id, batch)
  }

  /** Forgets batches that left pending (started or cancelled) or that were found not pending. */
  remove(ids: Iterable<string>): void {
    const byId = this.#read()
    for (const id of ids) byId.delete(id)
  }

  #read(): Map<string, ScheduledBatch> {
    if (this.#byId === null) throw new Error('pending batches used before they were read')
    return this.#byId
  }
}
