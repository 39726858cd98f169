/**
 * The pace of a replay for its progress line: candles per second since the first progress
 * report, and the time left at that pace. Counting from the first report rather than from the
 * command's start keeps the engine's start-up (store, migrations, loading the candles) out of
 * the rate, which otherwise reads several times too slow early on and creeps up all the way.
 */
export class ReplayPace {
  #first: { readonly done: number; readonly atMs: number } | null = null

  /** `now` is the wall clock (the replay's own clock is virtual and says nothing of speed). */
  constructor(private readonly now: () => number = Date.now) {}

  /** The note for `done` of `total`, e.g. `3,040 candles/s · 4 s left`; empty until measurable. */
  note(done: number, total: number): string {
    const atMs = this.now()
    if (this.#first === null) {
      this.#first = { done, atMs }
      return ''
    }
    const played = done - this.#first.done
    const seconds = (atMs - this.#first.atMs) / 1000
    if (played <= 0 || seconds <= 0) return ''
    const rate = played / seconds
    const left = done >= total ? '' : ` · ${formatSecondsLeft((total - done) / rate)} left`
    return `${Math.round(rate).toLocaleString('en-US')} candles/s${left}`
  }
}

/** `4 s`, `3 min 05 s`, `1 h 02 min`: what is left of a replay, to the second under an hour. */
function formatSecondsLeft(seconds: number): string {
  const whole = Math.ceil(seconds)
  if (whole < 60) return `${whole} s`
  const minutes = Math.floor(whole / 60)
  if (minutes < 60) return `${minutes} min ${String(whole % 60).padStart(2, '0')} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`
}
