/** A handle to a scheduled callback; pass it to `clearTimer` to cancel. */
export interface TimerHandle {
  readonly id: number
}

/**
 * The only source of time for engine code. Live hosts inject {@link SystemClock};
 * replay and tests inject {@link VirtualClock}, which makes time deterministic.
 */
export interface Clock {
  /** Returns the current time in Unix milliseconds. */
  now(): number
  /** Calls `callback` once after `delayMs` milliseconds of this clock's time. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle
  /** Calls `callback` every `intervalMs` milliseconds of this clock's time. */
  setInterval(callback: () => void, intervalMs: number): TimerHandle
  /** Cancels a timer; cancelling an unknown or fired timer does nothing. */
  clearTimer(handle: TimerHandle): void
  /** Resolves after `delayMs` milliseconds of this clock's time. */
  sleep(delayMs: number): Promise<void>
}
