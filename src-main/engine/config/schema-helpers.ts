import Decimal from 'decimal.js'
import { z } from 'zod'

/*
 * Small zod builders whose messages read as "expected …"; the config loader appends
 * ", got <value>" so a problem names what was expected and what was found.
 */

export const positiveInteger = () =>
  z
    .number({ error: 'expected a positive integer' })
    .int({ error: 'expected a positive integer' })
    .positive({ error: 'expected a positive integer' })

export const nonNegativeNumber = () =>
  z.number({ error: 'expected a number >= 0' }).min(0, { error: 'expected a number >= 0' })

export const positiveNumber = () =>
  z.number({ error: 'expected a number > 0' }).positive({ error: 'expected a number > 0' })

export const fraction = () =>
  z
    .number({ error: 'expected a number between 0 and 1' })
    .min(0, { error: 'expected a number between 0 and 1' })
    .max(1, { error: 'expected a number between 0 and 1' })

export const percentage = () =>
  z
    .number({ error: 'expected a percentage between 0 and 100' })
    .min(0, { error: 'expected a percentage between 0 and 100' })
    .max(100, { error: 'expected a percentage between 0 and 100' })

export const flag = () => z.boolean({ error: 'expected true or false' })

export const text = () =>
  z
    .string({ error: 'expected a non-empty string' })
    .min(1, { error: 'expected a non-empty string' })

/** A value that may be left empty, e.g. an API key read from an unset environment variable. */
export const optionalSecret = () =>
  z
    .string({ error: 'expected a string' })
    .nullish()
    .transform((value) => (value ? value : null))

/** A trading pair written BASE/QUOTE, e.g. BTC/USDT. */
export const tradingPair = () =>
  z
    .string({ error: 'expected a symbol like BTC/USDT' })
    .regex(/^[A-Z0-9]{2,10}\/[A-Z0-9]{2,10}$/, { error: 'expected a symbol like BTC/USDT' })

/** A decimal amount of zero or more (a minimum size), as {@link decimalString}. */
export const nonNegativeDecimalString = () =>
  decimalString().refine((value) => !value.startsWith('-'), {
    error: 'expected a decimal number >= 0',
  })

/** A decimal amount greater than zero (a price or size step), as {@link decimalString}. */
export const positiveDecimalString = () =>
  decimalString().refine((value) => !value.startsWith('-') && /[1-9]/.test(value), {
    error: 'expected a decimal number > 0',
  })

/** A decimal amount written as a number or string in YAML, kept as a canonical string. */
export const decimalString = () =>
  z
    .union([z.number(), z.string()], { error: 'expected a decimal number' })
    // A YAML number as small as 0.00000001 is 1e-8 in JavaScript: written out in full.
    .transform((value) =>
      typeof value === 'number' && Number.isFinite(value)
        ? new Decimal(value).toFixed()
        : String(value),
    )
    .refine((value) => /^-?\d+(\.\d+)?$/.test(value), { error: 'expected a decimal number' })
