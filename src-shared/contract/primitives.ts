import { z } from 'zod'
import { symbolSchema } from '../symbols'

/** How a decimal is written as text: `123.45`, `-0.5`, `7`. */
export const DECIMAL_TEXT_PATTERN = /^-?\d+(\.\d+)?$/

/** A decimal amount as a string (money never crosses the boundary as a float). */
export const decimalText = z.string().regex(DECIMAL_TEXT_PATTERN, {
  error: 'expected a decimal number written as a string, e.g. "123.45"',
})

/**
 * Runs a refinement only on input that passed every check before it: one that reads the text
 * as a number (`new Decimal("abc")` throws) would otherwise run after the pattern refused it
 * and throw out of `safeParse`, instead of the pattern's issue naming the field.
 */
export const whenValidSoFar = {
  when: (payload: { readonly issues: readonly unknown[] }) => payload.issues.length === 0,
}

/**
 * A decimal input of at most 15 digits before the point and 18 after it: room for any price,
 * quantity or percentage the engine trades (Kraken quotes 8 decimals, an ERC-20 token has 18).
 * Without a bound, a stop-loss of 1000 digits was taken and a close booked at an exit price
 * of 10^1002, which the realized P&L then carried.
 */
const BOUNDED_DECIMAL = /^-?\d{1,15}(\.\d{1,18})?$/

/** A decimal input that must be greater than zero, with a bounded number of digits. */
export const positiveDecimalText = decimalText
  .refine((value) => BOUNDED_DECIMAL.test(value), {
    error: 'expected at most 15 digits before the decimal point and 18 after it',
    ...whenValidSoFar,
  })
  .refine((value) => !/^-|^0+(\.0+)?$/.test(value), {
    error: 'expected a decimal number greater than zero',
  })

/** Unix milliseconds. */
export const timestampMs = z.number().int().nonnegative()

/** Text the store can hold: PostgreSQL text cannot hold NUL (the query would fail). */
export const plainText = z
  .string()
  .regex(/^\P{Cc}*$/u, { error: 'must not contain control characters' })

/** An id or a name. */
export const identifier = plainText.min(1).max(100)

export const emptyInput = z.object({}).strict().optional().default({})

/** One market, as `BTC/USDT` or `BTC_USDT` (a URL path segment), normalised to `BTC/USDT`. */
export const symbolInput = z.object({ symbol: symbolSchema }).strict()
