import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  applyModifications,
  buildProposal,
  describeProposal,
  modificationRefusal,
  toRegimeContext,
  type EntryPricing,
  type PortfolioContext,
  type ProposalInputs,
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
/** execution.yaml's shipped `orders`: limit entries, at most 5 % from the market. */
const LIMIT_ENTRIES: EntryPricing = { maxDeviationPct: 5, orderType: 'limit' }
const MARKET_ENTRIES: EntryPricing = { maxDeviationPct: 5, orderType: 'market' }
const inputs: ProposalInputs = {
  confidence: 0.8,
  correlationId: 'corr-9',
  portfolio,
  marketPrice: null,
  entryPricing: LIMIT_ENTRIES,
}
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

  const MARKET_PRICE = new Decimal('58000')
  const atMarket = (entryPricing: EntryPricing, marketPrice: Decimal | null = MARKET_PRICE) => ({
    ...inputs,
    marketPrice,
    entryPricing,
  })

  it.each([
    ['a BUY well below the market', 'BUY', '50000', 'deviation_pct=13.79'],
    ['a BUY just past the band below', 'BUY', '55099.9', 'deviation_pct=5.00'],
    ['a SELL above the band', 'SELL', '61000', 'deviation_pct=5.17'],
  ] as const)('refuses %s: ENTRY_OFF_MARKET', (_case, action, entry, deviation) => {
    for (const pricing of [LIMIT_ENTRIES, MARKET_ENTRIES]) {
      expect(
        buildProposal(signal({ action, entry_price: entry, stop_loss_pct: 2 }), atMarket(pricing)),
      ).toEqual({
        ok: false,
        reason: `ENTRY_OFF_MARKET: symbol=BTC/USDT entry=${entry} market=58000 ${deviation} max=5`,
      })
    }
  })

  /** Returns the proposal built, failing the test on a refusal. */
  const proposalOf = (built: TradingSignal, given: ProposalInputs) => {
    const result = buildProposal(built, given)
    if (!result.ok) throw new Error(result.reason)
    return result.proposal
  }

  it.each([
    ['inside the band', 'BUY', '57000'],
    ['exactly on the lower edge', 'BUY', '55100'],
    ['exactly on the upper edge', 'SELL', '60900'],
  ] as const)('keeps a limit entry %s at its own price', (_case, action, entry) => {
    const proposal = proposalOf(signal({ action, entry_price: entry }), atMarket(LIMIT_ENTRIES))
    expect(proposal.entryPrice.toFixed()).toBe(entry)
  })

  it.each([
    ['a BUY above the market', 'BUY', '60000'],
    ['a BUY on the upper edge', 'BUY', '60900'],
    ['a SELL below the market', 'SELL', '56000'],
    ['a SELL on the lower edge', 'SELL', '55100'],
    ['a BUY at the market', 'BUY', '58000'],
  ] as const)('fills a marketable limit entry, %s, at the market price', (_case, action, entry) => {
    const proposal = proposalOf(signal({ action, entry_price: entry }), atMarket(LIMIT_ENTRIES))
    expect(proposal.entryPrice.toFixed()).toBe('58000')
  })

  it('leaves a breakout stop between the market and the limit on the wrong side of the fill', () => {
    // Filled at 58,000 at once, a stop at 59,000 is above the entry: the STOP_LOSS rule refuses it.
    const proposal = proposalOf(
      signal({ entry_price: '60000', stop_loss: '59000' }),
      atMarket(LIMIT_ENTRIES),
    )
    expect(describeProposal(proposal)).toMatchObject({ entryPrice: '58000', stopLoss: '59000' })
  })

  it('compares nothing without a market price, even for market entries', () => {
    for (const pricing of [LIMIT_ENTRIES, MARKET_ENTRIES]) {
      const proposal = proposalOf(signal({ entry_price: '50000' }), atMarket(pricing, null))
      expect(proposal.entryPrice.toFixed()).toBe('50000')
    }
  })

  it('closes a position whatever the entry price is against the market', () => {
    const proposal = proposalOf(
      signal({ symbol: 'XRP/USDT', action: 'CLOSE', entry_price: '0.55' }),
      atMarket(MARKET_ENTRIES, new Decimal('0.3')),
    )
    expect(describeProposal(proposal)).toMatchObject({ action: 'CLOSE', size: '1500' })
  })

  it.each([
    ['a market BUY', 'BUY', MARKET_ENTRIES, '57500', ['long', '58000', '56840', '60320']],
    ['a limit BUY', 'BUY', LIMIT_ENTRIES, '57500', ['long', '57500', '56350', '59800']],
    ['a market SELL', 'SELL', MARKET_ENTRIES, '58500', ['short', '58000', '59160', '55680']],
    ['a limit SELL', 'SELL', LIMIT_ENTRIES, '58500', ['short', '58500', '59670', '56160']],
    ['a marketable limit BUY', 'BUY', LIMIT_ENTRIES, '59000', ['long', '58000', '56840', '60320']],
    [
      'a marketable limit SELL',
      'SELL',
      LIMIT_ENTRIES,
      '57000',
      ['short', '58000', '59160', '55680'],
    ],
  ] as const)(
    'measures %s from where it fills: size and percentage stop and target',
    (_case, action, pricing, entry, [side, entryPrice, stopLoss, takeProfit]) => {
      const levels = { stop_loss_pct: 2, take_profit_pct: 4, position_size_pct: 10 }
      const proposal = proposalOf(
        signal({ action, entry_price: entry, ...levels }),
        atMarket(pricing),
      )
      expect(describeProposal(proposal)).toMatchObject({
        side,
        entryPrice,
        stopLoss,
        takeProfit,
        // position_size_pct 10 of 10,000 equity, in units at the entry.
        size: new Decimal(1000).div(entryPrice).toFixed(),
      })
    },
  )

  it("keeps a market entry's absolute stop, its distance now measured from the market", () => {
    const proposal = proposalOf(
      signal({ entry_price: '57500', stop_loss: '56500' }),
      atMarket(MARKET_ENTRIES),
    )
    expect(proposal.entryPrice.minus(proposal.stopLoss ?? 0).toFixed()).toBe('1500')
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
