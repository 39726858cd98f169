/**
 * The last `period` numbers and their sum, in O(1) per push. The running sum is recomputed
 * from the window every `period` pushes, so rounding drift never builds up over a long
 * series; a window of zeros sums to exactly zero.
 */
export class RollingWindow {
  readonly period: number
  /** The window's numbers in ring order (oldest at `next` once full). */
  readonly values: Float64Array
  #next = 0
  #count = 0
  #sum = 0
  #nonZero = 0
  #sincePrecise = 0

  constructor(period: number) {
    if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: period=${period}`)
    this.period = period
    this.values = new Float64Array(period)
  }

  /** Adds a number, dropping the oldest once the window is full. */
  push(value: number): void {
    const values = this.values
    const next = this.#next
    if (this.#count === this.period) {
      const oldest = values[next] as number
      this.#sum -= oldest
      if (oldest !== 0) this.#nonZero--
    } else {
      this.#count++
    }
    values[next] = value
    this.#sum += value
    if (value !== 0) this.#nonZero++
    this.#next = next + 1 === this.period ? 0 : next + 1
    if (++this.#sincePrecise === this.period) {
      this.#sincePrecise = 0
      let sum = 0
      for (let index = 0; index < this.#count; index++) sum += values[index] as number
      this.#sum = sum
    }
  }

  /** How many numbers the window holds (at most `period`). */
  get count(): number {
    return this.#count
  }

  /** True once the window holds `period` numbers. */
  get isFull(): boolean {
    return this.#count === this.period
  }

  /** The sum of the window. */
  get sum(): number {
    return this.#nonZero === 0 ? 0 : this.#sum
  }

  /** The oldest number in the window (the one the next push drops when full). */
  get oldest(): number {
    return this.values[this.#count === this.period ? this.#next : 0] as number
  }

  /** The newest number in the window. */
  get newest(): number {
    return this.values[this.#next === 0 ? this.period - 1 : this.#next - 1] as number
  }
}
