import type { Clock, TimerCallback, TimerHandle } from './clock'

type NativeTimer = ReturnType<typeof globalThis.setTimeout>

/**
 * The longest delay Node's timers take (2^31 − 1 ms, about 24.8 days); a longer one fires
 * after 1 ms, so such a timer waits in steps of at most this.
 */
export const MAX_NATIVE_DELAY_MS = 2 ** 31 - 1

/** Wall-clock time and Node timers; the clock of the desktop and headless hosts. */
export class SystemClock implements Clock {
  private nextId = 1
  private readonly timers = new Map<number, { native: NativeTimer; repeating: boolean }>()

  now(): number {
    return Date.now()
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    const id = this.nextId++
    const arm = (waitMs: number) => {
      const stepMs = Math.min(waitMs, MAX_NATIVE_DELAY_MS)
      const native = globalThis.setTimeout(() => {
        if (waitMs > stepMs) return arm(waitMs - stepMs)
        this.timers.delete(id)
        callback()
      }, stepMs)
      this.timers.set(id, { native, repeating: false })
    }
    arm(Math.max(0, delayMs))
    return { id }
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    const id = this.nextId++
    const native = globalThis.setInterval(callback, Math.max(1, intervalMs))
    this.timers.set(id, { native, repeating: true })
    return { id }
  }

  clearTimer(handle: TimerHandle): void {
    const timer = this.timers.get(handle.id)
    if (!timer) return
    if (timer.repeating) globalThis.clearInterval(timer.native)
    else globalThis.clearTimeout(timer.native)
    this.timers.delete(handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, delayMs))
  }
}
