import type Decimal from 'decimal.js'

/** Rounds a value down to a whole number of steps (a size to the market's `amountStep`). */
export function roundDownToStep(size: Decimal, step: Decimal): Decimal {
  return size.div(step).floor().times(step)
}

/** Rounds a price to the nearest whole number of the market's ticks (`MarketRules.priceStep`). */
export function roundToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).round().times(step)
}

/** A level on the market's nearest tick; as given while the tick is not known (null). */
export function roundToTick(level: Decimal, tick: Decimal | null): Decimal {
  return tick === null ? level : roundToStep(level, tick)
}

/** Rounds a value up to a whole number of steps (a buy's price to the market's tick). */
export function roundUpToStep(value: Decimal, step: Decimal): Decimal {
  return value.div(step).ceil().times(step)
}
