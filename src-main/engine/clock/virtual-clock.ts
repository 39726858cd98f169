import type { Clock, TimerHandle } from './clock'

interface VirtualTimer {
  id: number
  dueAt: number
  intervalMs: number | null
  callback: () => void
}

/**
 * A clock that moves only when told to. Timers fire in due-time order (ties in the order
 * they were scheduled), and the promise microtasks each callback starts are drained before
 * the next timer fires, so async handlers see a consistent, repeatable timeline.
 */
export class VirtualClock implements Clock {
  private current: number
  private nextId = 1
  private readonly timers = new Map<number, VirtualTimer>()

  constructor(startMs = 0) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    return this.schedule(callback, Math.max(0, delayMs), null)
  }

  setInterval(callback: () => void, intervalMs: number): TimerHandle {
    const step = Math.max(1, intervalMs)
    return this.schedule(callback, step, step)
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, delayMs))
  }

  /** Returns how many timers are waiting to fire. */
  pendingTimers(): number {
    return this.timers.size
  }

  /** Returns the due time of the earliest timer, or null when none is waiting. */
  nextDueAt(): number | null {
    const next = this.earliest()
    return next ? next.dueAt : null
  }

  /** Moves time forward by `deltaMs`, firing every timer that falls due on the way. */
  async advance(deltaMs: number): Promise<void> {
    if (deltaMs < 0) throw new Error(`VirtualClock cannot go backwards: deltaMs=${deltaMs}`)
    await this.advanceTo(this.current + deltaMs)
  }

  /** Moves time forward to `targetMs`, firing every timer due at or before it. */
  async advanceTo(targetMs: number): Promise<void> {
    if (targetMs < this.current) {
      throw new Error(`VirtualClock cannot go backwards: now=${this.current} target=${targetMs}`)
    }
    await flushMicrotasks()
    for (;;) {
      const next = this.earliest()
      if (!next || next.dueAt > targetMs) break
      this.current = next.dueAt
      if (next.intervalMs === null) this.timers.delete(next.id)
      else next.dueAt += next.intervalMs
      next.callback()
      await flushMicrotasks()
    }
    this.current = targetMs
  }

  /** Fires timers one after another, jumping time to each, until none is left or `limit` fired. */
  async runAll(limit = 100_000): Promise<void> {
    let fired = 0
    for (let due = this.nextDueAt(); due !== null && fired < limit; due = this.nextDueAt()) {
      await this.advanceTo(due)
      fired++
    }
  }

  private schedule(callback: () => void, delayMs: number, intervalMs: number | null): TimerHandle {
    const id = this.nextId++
    this.timers.set(id, { id, dueAt: this.current + delayMs, intervalMs, callback })
    return { id }
  }

  private earliest(): VirtualTimer | undefined {
    let best: VirtualTimer | undefined
    for (const timer of this.timers.values()) {
      if (!best || timer.dueAt < best.dueAt || (timer.dueAt === best.dueAt && timer.id < best.id)) {
        best = timer
      }
    }
    return best
  }
}

/**
 * Lets pending promise callbacks, and the I/O they wait on, run before time moves on:
 * a macrotask turn drains the whole microtask queue first.
 */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}
