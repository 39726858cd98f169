/**
 * Runs async tasks one after another, in the order they were queued; a failing task rejects
 * its own promise and does not stop the queue. Never queue a task from inside a queued task
 * and wait for it: that waits for itself.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task)
    this.tail = result.catch(() => undefined)
    return result
  }
}
