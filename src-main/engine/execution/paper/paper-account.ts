import Decimal from 'decimal.js'

const ZERO = new Decimal(0)

/** A net margin position of the paper account in one symbol (positive long, negative short). */
export interface PaperMarginPosition {
  readonly size: Decimal
  readonly entryPrice: Decimal
  readonly leverage: number
}

/**
 * The paper account's holdings: asset totals moved exactly by each fill (spot), and net
 * margin positions per symbol whose P&L is settled into the quote asset when reduced, like an
 * exchange does (price move × quantity; the leverage sets only the margin held).
 */
export class PaperAccount {
  private readonly totals = new Map<string, Decimal>()
  private readonly margin = new Map<string, PaperMarginPosition>()

  constructor(startingBalances: Readonly<Record<string, string>>) {
    for (const [asset, amount] of Object.entries(startingBalances)) {
      this.totals.set(asset, new Decimal(amount))
    }
  }

  /** Returns the total held of an asset. */
  total(asset: string): Decimal {
    return this.totals.get(asset) ?? new Decimal(0)
  }

  /** Returns every asset with its total, including zero balances that were ever set. */
  assets(): string[] {
    return [...this.totals.keys()]
  }

  /** Returns the net margin position of a symbol, or null when flat. */
  marginPosition(symbol: string): PaperMarginPosition | null {
    return this.margin.get(symbol) ?? null
  }

  /** Returns the quote held as margin by the open margin positions, per quote asset. */
  marginHeldByQuote(quoteOf: (symbol: string) => string): Map<string, Decimal> {
    const held = new Map<string, Decimal>()
    for (const [symbol, position] of this.margin) {
      const quote = quoteOf(symbol)
      const margin = position.size.abs().times(position.entryPrice).div(position.leverage)
      held.set(quote, (held.get(quote) ?? ZERO).plus(margin))
    }
    return held
  }

  /** Applies a spot fill: buy moves quote to base, sell base to quote; the fee is paid in quote. */
  applySpotFill(
    base: string,
    quote: string,
    side: 'buy' | 'sell',
    size: Decimal,
    price: Decimal,
    fee: Decimal,
  ): void {
    const cost = size.times(price)
    if (side === 'buy') {
      this.add(quote, cost.plus(fee).neg())
      this.add(base, size)
    } else {
      this.add(base, size.neg())
      this.add(quote, cost.minus(fee))
    }
  }

  /**
   * Applies a margin fill: grows, reduces or flips the symbol's net position; the reduced
   * part's P&L and the fee are settled in quote. Returns the realized P&L (before the fee).
   */
  applyMarginFill(
    symbol: string,
    quote: string,
    side: 'buy' | 'sell',
    size: Decimal,
    price: Decimal,
    fee: Decimal,
    leverage: number,
  ): Decimal {
    this.add(quote, fee.neg())
    const signed = side === 'buy' ? size : size.neg()
    const current = this.margin.get(symbol)
    if (!current || current.size.isZero() || current.size.isPositive() === signed.isPositive()) {
      const before = current?.size ?? new Decimal(0)
      const after = before.plus(signed)
      const entry = current
        ? current.entryPrice.times(before.abs()).plus(price.times(size)).div(after.abs())
        : price
      this.margin.set(symbol, { size: after, entryPrice: entry, leverage })
      return new Decimal(0)
    }
    const closing = Decimal.min(current.size.abs(), size)
    const direction = current.size.isPositive() ? 1 : -1
    const realized = price.minus(current.entryPrice).times(closing).times(direction)
    this.add(quote, realized)
    const remaining = current.size.plus(signed)
    if (remaining.isZero()) this.margin.delete(symbol)
    else if (remaining.isPositive() === current.size.isPositive()) {
      this.margin.set(symbol, { ...current, size: remaining })
    } else {
      this.margin.set(symbol, { size: remaining, entryPrice: price, leverage })
    }
    return realized
  }

  private add(asset: string, amount: Decimal): void {
    this.totals.set(asset, this.total(asset).plus(amount))
  }
}
