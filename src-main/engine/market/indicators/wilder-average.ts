/**
 * Wilder's smoothed moving average (RMA, SMMA): the first value is the simple mean of the
 * first `period` inputs; after that value = (previous × (period − 1) + input) / period.
 */
export class WilderAverage {
  readonly period: number
  #count = 0
  #sum = 0
  #value = Number.NaN

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: period=${period}`)
    this.period = period
  }

  /** Adds the next input. */
  push(input: number): void {
    if (this.#count >= this.period) {
      this.#value = (this.#value * (this.period - 1) + input) / this.period
      return
    }
    this.#sum += input
    if (++this.#count === this.period) this.#value = this.#sum / this.period
  }

  /** True once `period` inputs have been seen. */
  get isReady(): boolean {
    return this.#count >= this.period
  }

  /** The average (NaN until ready). */
  get current(): number {
    return this.#value
  }
}
