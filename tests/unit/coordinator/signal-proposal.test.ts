import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  applyModifications,
  buildProposal,
  describeProposal,
  modificationRefusal,
  toRegimeContext,
  type PortfolioContext,
  type TradingSignal,
} from '../../../src-main/engine/coordinator'

const portfolio: PortfolioContext = {
  equity: new Decimal('10000'),
  freeBalances: { USDT: new Decimal('10000') },
  openPositions: [
    {
      symbol: 'XRP/USDT',
      side: 'short',
      size: new Decimal('1500'),
      entryPrice: new Decimal('0.6'),
      notional: new Decimal('900'),
    },
  ],
}
const inputs = { confidence: 0.8, correlationId: 'corr-9', portfolio, marketPrice: null }
const signal = (overrides: Partial<TradingSignal> = {}): TradingSignal => ({
  symbol: 'BTC/USDT',
  action: 'BUY',
  confidence: 0.7,
  entry_price: '50000',
  ...overrides,
})

describe('buildProposal', () => {
  it('builds a long from a BUY with percentage stop and target and a size from equity', () => {
    const result = buildProposal(
      signal({ stop_loss_pct: 2, take_profit_pct: 4, position_size_pct: 10, leverage: 2 }),
      inputs,
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(describeProposal(result.proposal)).toEqual({
      symbol: 'BTC/USDT',
      action: 'BUY',
      side: 'long',
      size: '0.02',
      entryPrice: '50000',
      stopLoss: '49000',
      takeProfit: '52000',
      leverage: 2,
      confidence: 0.8,
      isReduceOnly: false,
    })
    expect(result.proposal.correlationId).toBe('corr-9')
  })

  it('builds a short from a SELL: stop above, target below; absolute prices win', () => {
    const result = buildProposal(
      signal({ action: 'SELL', stop_loss_pct: 2, take_profit_pct: 4 }),
      inputs,
    )
    if (!result.ok) throw new Error(result.reason)
    expect(describeProposal(result.proposal)).toMatchObject({
      side: 'short',
      stopLoss: '51000',
      takeProfit: '48000',
      size: null,
      leverage: 1,
    })
    const absolute = buildProposal(
      signal({ action: 'SELL', stop_loss: '50500', take_profit: '47000', stop_loss_pct: 9 }),
      inputs,
    )
    if (!absolute.ok) throw new Error(absolute.reason)
    expect(describeProposal(absolute.proposal)).toMatchObject({
      stopLoss: '50500',
      takeProfit: '47000',
    })
  })

  it('uses the market price when the signal has none, and refuses without any price', () => {
    const withMarket = buildProposal(signal({ entry_price: undefined }), {
      ...inputs,
      marketPrice: new Decimal('49999.5'),
    })
    if (!withMarket.ok) throw new Error(withMarket.reason)
    expect(withMarket.proposal.entryPrice.toFixed()).toBe('49999.5')
    expect(buildProposal(signal({ entry_price: undefined }), inputs)).toEqual({
      ok: false,
      reason: 'NO_PRICE: symbol=BTC/USDT no entry_price and no market price',
    })
  })

  it('closes the open position of the symbol, reduce-only', () => {
    const result = buildProposal(
      signal({ symbol: 'XRP/USDT', action: 'CLOSE', entry_price: '0.55' }),
      inputs,
    )
    if (!result.ok) throw new Error(result.reason)
    expect(describeProposal(result.proposal)).toMatchObject({
      action: 'CLOSE',
      side: 'short',
      size: '1500',
      isReduceOnly: true,
    })
    expect(buildProposal(signal({ action: 'CLOSE' }), inputs)).toEqual({
      ok: false,
      reason: 'NO_OPEN_POSITION: symbol=BTC/USDT action=CLOSE',
    })
  })

  it('refuses HOLD and leaves sizing to risk when equity is zero', () => {
    expect(buildProposal(signal({ action: 'HOLD' }), inputs)).toEqual({
      ok: false,
      reason: 'NO_TRADE: symbol=BTC/USDT action=HOLD',
    })
    const result = buildProposal(signal({ position_size_pct: 10 }), {
      ...inputs,
      portfolio: { ...portfolio, equity: new Decimal(0) },
    })
    expect(result.ok && result.proposal.size).toBeNull()
  })

  it('applies modifications, ignoring undefined ones', () => {
    expect(applyModifications(signal(), null)).toEqual(signal())
    expect(
      applyModifications(signal({ leverage: 3 }), { leverage: 1, position_size_pct: undefined }),
    ).toEqual(signal({ leverage: 1 }))
  })

  it('lets a modified stop or target percentage replace the absolute price it changes', () => {
    const absolute = signal({ stop_loss: '49000', take_profit: '53000' })
    const tighter = applyModifications(absolute, { stop_loss_pct: 1, take_profit_pct: 2 })
    const built = buildProposal(tighter, inputs)
    if (!built.ok) throw new Error(built.reason)
    expect(describeProposal(built.proposal)).toMatchObject({
      stopLoss: '49500',
      takeProfit: '51000',
    })
    // An absolute price in the modifications still wins over their percentage.
    const both = applyModifications(absolute, { stop_loss_pct: 1, stop_loss: '49800' })
    expect(both).toMatchObject({ stop_loss: '49800', take_profit: '53000' })
    // Modifications that leave a level alone keep the signal's absolute price.
    expect(applyModifications(absolute, { leverage: 1 })).toEqual({ ...absolute, leverage: 1 })
  })

  it('lets a resolution lower the confidence, size and leverage but never raise them', () => {
    const cautious = signal({ confidence: 0.55, position_size_pct: 10, leverage: 2 })
    expect(
      applyModifications(cautious, { confidence: 0.9, position_size_pct: 25, leverage: 5 }),
    ).toMatchObject({ confidence: 0.55, position_size_pct: 10, leverage: 2 })
    expect(
      applyModifications(cautious, { confidence: 0.5, position_size_pct: 5, leverage: 1 }),
    ).toMatchObject({ confidence: 0.5, position_size_pct: 5, leverage: 1 })
  })

  it('keeps a signal without a leverage at 1: a resolution cannot add leverage', () => {
    expect(applyModifications(signal(), { leverage: 5 })).toMatchObject({ leverage: 1 })
    expect(applyModifications(signal(), { leverage: 1 })).toMatchObject({ leverage: 1 })
    // Nor leave the risk engine a bigger size than it would choose: without a size of the
    // signal's own, the given one is the risk engine's to cut.
    expect(applyModifications(signal(), { position_size_pct: 50 })).toMatchObject({
      position_size_pct: 50,
    })
  })

  const MARKET = new Decimal('49990')
  it.each([
    ['no entry price given', signal(), { stop_loss_pct: 1 }, MARKET, null],
    ['no modifications', signal(), null, MARKET, null],
    ["the signal's entry price restated", signal(), { entry_price: '50000.00' }, MARKET, null],
    [
      'the market price restated when the signal names none',
      signal({ entry_price: undefined }),
      { entry_price: '49990' },
      MARKET,
      null,
    ],
    [
      "an entry below the signal's",
      signal(),
      { entry_price: '5000' },
      MARKET,
      'RESOLUTION_REFUSED: field=entry_price given=5000 reference=50000 reference_source=signal (a resolution may not move the entry price)',
    ],
    [
      "an entry above the signal's, even near the market",
      signal(),
      { entry_price: '49990' },
      MARKET,
      'RESOLUTION_REFUSED: field=entry_price given=49990 reference=50000 reference_source=signal (a resolution may not move the entry price)',
    ],
    [
      'an entry away from the market when the signal names none',
      signal({ entry_price: undefined }),
      { entry_price: '45000' },
      MARKET,
      'RESOLUTION_REFUSED: field=entry_price given=45000 reference=49990 reference_source=market (a resolution may not move the entry price)',
    ],
    [
      'an entry when there is no price to compare it with',
      signal({ entry_price: undefined }),
      { entry_price: '45000' },
      null,
      'RESOLUTION_REFUSED: field=entry_price given=45000 reference=none reference_source=market (a resolution may not move the entry price)',
    ],
  ] as const)('modificationRefusal: %s', (_case, base, modifications, market, expected) => {
    expect(modificationRefusal(base, modifications, market)).toBe(expected)
  })

  it('maps a regime update to the risk regime context', () => {
    expect(toRegimeContext(null)).toBeNull()
    expect(
      toRegimeContext({
        symbol: 'BTC/USDT',
        regime: 'ranging',
        confidence: 0.5,
        position_size_multiplier: 0.75,
        entry_strictness: 'strict',
      }),
    ).toEqual({
      regime: 'ranging',
      confidence: 0.5,
      position_size_multiplier: 0.75,
      entry_strictness: 'strict',
    })
  })
})
