import { NOTHING_STARTED, type Clock, type TimerCallback, type TimerHandle } from './clock'

interface VirtualTimer {
  id: number
  dueAt: number
  intervalMs: number | null
  callback: TimerCallback
}

/**
 * A clock that moves only when told to. Timers fire in due-time order (ties in the order
 * they were scheduled), and the promise microtasks each callback starts are drained before
 * the next timer fires, so async handlers see a consistent, repeatable timeline. A callback
 * that says it started nothing (see {@link TimerCallback}) is not waited for.
 */
export class VirtualClock implements Clock {
  private current: number
  private nextId = 1
  private readonly timers = new Map<number, VirtualTimer>()
  private readonly settlers: (() => Promise<void> | null)[] = []

  constructor(startMs = 0) {
    this.current = startMs
  }

  now(): number {
    return this.current
  }

  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle {
    return this.schedule(callback, Math.max(0, delayMs), null)
  }

  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle {
    const step = Math.max(1, intervalMs)
    return this.schedule(callback, step, step)
  }

  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle.id)
  }

  sleep(delayMs: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, delayMs))
  }

  /**
   * Adds work outside the event loop's microtasks that time must wait for before it moves
   * (e.g. store queries answered by another thread): `whenIdle` returns a promise while such
   * work is in flight, null when there is none.
   */
  waitForBeforeMoving(whenIdle: () => Promise<void> | null): void {
    this.settlers.push(whenIdle)
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
    await this.settle()
    for (;;) {
      const next = this.earliest()
      if (!next || next.dueAt > targetMs) break
      this.current = next.dueAt
      if (next.intervalMs === null) this.timers.delete(next.id)
      else next.dueAt += next.intervalMs
      if (next.callback() !== NOTHING_STARTED) await this.settle()
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

  /** Lets the work the last callback started finish: microtasks, I/O and awaited outside work. */
  private async settle(): Promise<void> {
    for (;;) {
      await flushMicrotasks()
      let waits: Promise<void>[] | null = null
      for (const whenIdle of this.settlers) {
        const wait = whenIdle()
        if (wait !== null) (waits ??= []).push(wait)
      }
      if (waits === null) return
      await Promise.all(waits)
    }
  }

  private schedule(
    callback: TimerCallback,
    delayMs: number,
    intervalMs: number | null,
  ): TimerHandle {
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
