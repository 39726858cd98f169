import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import {
  applyModifications,
  buildProposal,
  describeProposal,
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
