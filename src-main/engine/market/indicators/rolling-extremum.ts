/**
 * The maximum (or minimum) of the last `period` numbers, in amortised O(1) per push, with a
 * monotonic deque: it keeps only the numbers that can still become the extremum.
 */
export class RollingExtremum {
  readonly period: number
  readonly #isMax: boolean
  readonly #values: Float64Array
  readonly #positions: Float64Array
  #front = 0
  #size = 0
  #pushed = 0

  constructor(period: number, kind: 'max' | 'min') {
    if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: period=${period}`)
    this.period = period
    this.#isMax = kind === 'max'
    this.#values = new Float64Array(period)
    this.#positions = new Float64Array(period)
  }

  /** Adds a number, dropping the one `period` pushes back. */
  push(value: number): void {
    const period = this.period
    const values = this.#values
    const positions = this.#positions
    // Drop the numbers at the back that the new one outlives and dominates.
    while (this.#size > 0) {
      let back = this.#front + this.#size - 1
      if (back >= period) back -= period
      const candidate = values[back] as number
      if (this.#isMax ? candidate > value : candidate < value) break
      this.#size--
    }
    // Drop the front when it leaves the window.
    if (this.#size > 0 && (positions[this.#front] as number) <= this.#pushed - period) {
      this.#front = this.#front + 1 === period ? 0 : this.#front + 1
      this.#size--
    }
    let slot = this.#front + this.#size
    if (slot >= period) slot -= period
    values[slot] = value
    positions[slot] = this.#pushed
    this.#size++
    this.#pushed++
  }

  /** True once `period` numbers have been pushed. */
  get isFull(): boolean {
    return this.#pushed >= this.period
  }

  /** The extremum of the window (NaN before the first push). */
  get value(): number {
    return this.#size > 0 ? (this.#values[this.#front] as number) : Number.NaN
  }
}
