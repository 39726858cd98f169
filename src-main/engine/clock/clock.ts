/** A handle to a scheduled callback; pass it to `clearTimer` to cancel. */
export interface TimerHandle {
  readonly id: number
}

/**
 * A timer's callback. It may return {@link NOTHING_STARTED} when it found nothing to do and
 * started no work: a virtual clock then fires its next timer at once instead of first letting
 * that work settle (a replay fires the order monitor every few simulated seconds, mostly with
 * nothing to ask). Any other return value is ignored.
 */
export type TimerCallback = () => unknown

/** What a {@link TimerCallback} returns when it started no work. */
export const NOTHING_STARTED = 'nothing-started'

/**
 * The only source of time for engine code. Live hosts inject {@link SystemClock};
 * replay and tests inject {@link VirtualClock}, which makes time deterministic.
 */
export interface Clock {
  /** Returns the current time in Unix milliseconds. */
  now(): number
  /** Calls `callback` once after `delayMs` milliseconds of this clock's time. */
  setTimeout(callback: TimerCallback, delayMs: number): TimerHandle
  /** Calls `callback` every `intervalMs` milliseconds of this clock's time. */
  setInterval(callback: TimerCallback, intervalMs: number): TimerHandle
  /** Cancels a timer; cancelling an unknown or fired timer does nothing. */
  clearTimer(handle: TimerHandle): void
  /** Resolves after `delayMs` milliseconds of this clock's time. */
  sleep(delayMs: number): Promise<void>
}
