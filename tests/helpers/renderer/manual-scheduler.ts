import type { FrameScheduler } from '../../../src-renderer/src/store/event-coalescer'

/** A FrameScheduler whose frames run only when the test calls `runFrame()`. */
export class ManualScheduler implements FrameScheduler {
  private callbacks = new Map<number, () => void>()
  private nextHandle = 1

  request(callback: () => void): unknown {
    const handle = this.nextHandle
    this.nextHandle += 1
    this.callbacks.set(handle, callback)
    return handle
  }

  cancel(handle: unknown): void {
    this.callbacks.delete(handle as number)
  }

  /** Frames requested and not yet run. */
  get pendingFrames(): number {
    return this.callbacks.size
  }

  /** Runs every callback requested so far (one animation frame). */
  runFrame(): void {
    const due = [...this.callbacks.values()]
    this.callbacks.clear()
    for (const callback of due) callback()
  }
}
