import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { priceDeviationPct } from '../../../src-main/engine/market/price-deviation'

describe('priceDeviationPct', () => {
  it.each([
    ['below the market', '50000', '58000', '13.793103448275862069'],
    ['above the market', '60900', '58000', '5'],
    ['at the market', '58000', '58000', '0'],
  ])('measures a price %s in percent of the market', (_, price, market, pct) => {
    expect(priceDeviationPct(new Decimal(price), new Decimal(market)).toFixed()).toBe(pct)
  })
})
