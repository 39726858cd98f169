import type { EngineEvent } from '../../../src-shared/contract'

/** Schedules one callback per frame; injected so tests control when frames happen. */
export interface FrameScheduler {
  request(callback: () => void): unknown
  cancel(handle: unknown): void
}

/**
 * Returns a scheduler that runs on the next animation frame, or after `fallbackMs` when no
 * frame comes (browsers stop animation frames in background tabs; events must still drain).
 */
export function animationFrameScheduler(win: Window, fallbackMs = 250): FrameScheduler {
  return {
    request(callback) {
      let isDone = false
      const run = () => {
        if (isDone) return
        isDone = true
        win.cancelAnimationFrame(frame)
        win.clearTimeout(timer)
        callback()
      }
      const frame = win.requestAnimationFrame(run)
      const timer = win.setTimeout(run, fallbackMs)
      return {
        frame,
        timer,
        cancel: () => ((isDone = true), win.cancelAnimationFrame(frame), win.clearTimeout(timer)),
      }
    },
    cancel(handle) {
      ;(handle as { cancel: () => void }).cancel()
    },
  }
}

/**
 * Buffers pushed events and hands them to the sink as one batch per frame, so a burst of
 * events costs one store update and one render instead of one per event.
 */
export class EventCoalescer {
  private buffer: EngineEvent[] = []
  private pending: unknown = null
  private isStopped = false

  constructor(
    private readonly scheduler: FrameScheduler,
    private readonly sink: (batch: readonly EngineEvent[]) => void,
  ) {}

  /** Adds an event to the next batch. */
  push(event: EngineEvent): void {
    if (this.isStopped) return
    this.buffer.push(event)
    if (this.pending === null) this.pending = this.scheduler.request(() => this.flush())
  }

  /** Delivers the buffered events now (also used when the frame fires). */
  flush(): void {
    if (this.pending !== null) {
      this.scheduler.cancel(this.pending)
      this.pending = null
    }
    if (this.buffer.length === 0) return
    const batch = this.buffer
    this.buffer = []
    this.sink(batch)
  }

  /** Drops anything buffered and ignores later events. */
  stop(): void {
    this.isStopped = true
    if (this.pending !== null) this.scheduler.cancel(this.pending)
    this.pending = null
    this.buffer = []
  }
}
