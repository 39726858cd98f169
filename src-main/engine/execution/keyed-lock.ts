import { SerialQueue } from '../serial-queue'

/**
 * Serialises tasks per key (one order, one position) while tasks of different keys run
 * concurrently. A task must not wait for another task of its own key.
 */
export class KeyedLock {
  private readonly queues = new Map<string, { queue: SerialQueue; pending: number }>()

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    let entry = this.queues.get(key)
    if (!entry) {
      entry = { queue: new SerialQueue(), pending: 0 }
      this.queues.set(key, entry)
    }
    entry.pending++
    try {
      return await entry.queue.run(task)
    } finally {
      entry.pending--
      if (entry.pending === 0) this.queues.delete(key)
    }
  }

  /** Returns how many keys have queued or running tasks. */
  get activeKeys(): number {
    return this.queues.size
  }
}
