import Decimal from 'decimal.js'
import type { Candle } from './candle'
import { EXACT_SIGNIFICANT_DIGITS, powerOfTen, unitsToText } from './decimal-text'

/**
 * Sums candle volumes exactly. Volumes are added as integer counts of 10^-scale in a double,
 * which is exact while the sum stays below 2^53 (a day of 1-minute BTC volumes with 8 decimals
 * is about 10^14); beyond that, or for volumes with too many digits, it switches to Decimal.
 * Reusable: `reset` starts a new sum.
 */
export class ExactVolumeSum {
  #units = 0
  #scale = 0
  #decimal: Decimal | null = null

  /** Starts a new sum at zero. */
  reset(): void {
    this.#units = 0
    this.#scale = 0
    this.#decimal = null
  }

  /** Adds the candle's volume. */
  add(candle: Candle): void {
    if (this.#decimal === null && candle.volumeUnits >= 0) {
      const units = candle.volumeUnits
      const scale = candle.volumeScale
      let sum: number
      if (scale === this.#scale) {
        sum = this.#units + units
      } else if (scale > this.#scale) {
        sum = this.#units * powerOfTen(scale - this.#scale) + units
      } else {
        sum = this.#units + units * powerOfTen(this.#scale - scale)
      }
      // Exact integers stay exact up to 2^53; an inexact result is necessarily above that.
      if (sum <= Number.MAX_SAFE_INTEGER) {
        this.#units = sum
        if (scale > this.#scale) this.#scale = scale
        return
      }
    }
    this.#decimal = this.#current().plus(candle.volume)
  }

  /** The sum as plain decimal text. */
  get text(): string {
    return this.#decimal === null ? unitsToText(this.#units, this.#scale) : this.#decimal.toFixed()
  }

  /** The sum as the nearest double. */
  get value(): number {
    // Both operands are exact, so the quotient is the correctly rounded double.
    return this.#decimal === null ? this.#units / powerOfTen(this.#scale) : this.#decimal.toNumber()
  }

  /** The sum as integer units of 10^-scale, or -1 once it has switched to Decimal. */
  get units(): number {
    return this.#decimal === null ? this.#units : -1
  }

  /** See `units`. */
  get scale(): number {
    return this.#decimal === null ? this.#scale : 0
  }

  /** True while the double in `value` identifies the decimal sum (≤ 15 significant digits). */
  get isExact(): boolean {
    return this.#decimal === null && this.#units < 10 ** EXACT_SIGNIFICANT_DIGITS
  }

  #current(): Decimal {
    return this.#decimal ?? new Decimal(this.#units).div(powerOfTen(this.#scale))
  }
}
