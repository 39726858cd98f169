import Decimal from 'decimal.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ENTRY_STRICTNESS_LEVELS,
  MARKET_REGIMES,
  type OpenPosition,
  type PortfolioContext,
  type RegimeContext,
  type RiskValidation,
  type TradeProposal,
} from '../../../src-main/engine/risk'
import { makeHarness } from './risk-builders'

const SYMBOLS = ['BTC/USDT', 'XRP/USDT', 'ETH/USDT', 'SOL/USDT'] as const

/** Enough digits that the losses the properties compare are exact, never rounded. */
const Wide = Decimal.clone({ precision: 100 })

/** A decimal with up to `places` decimals between min and max (in units of 10^-places). */
const decimal = (min: number, max: number, places: number) =>
  fc.integer({ min, max }).map((units) => new Decimal(units).div(new Decimal(10).pow(places)))

/**
 * A number between min and max in steps of 1/10,000. (fc.double samples evenly over the bit
 * patterns of doubles, so most of its values would be vanishingly small.)
 */
const ratio = (min: number, max: number) =>
  fc
    .integer({ min: Math.round(min * 10_000), max: Math.round(max * 10_000) })
    .map((n) => n / 10_000)

/** Half plain samples (so cases reach the sizing rules), half leaning to edge values. */
const mixed = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T> =>
  fc.oneof(fc.noBias(arbitrary), arbitrary)

const openingProposal: fc.Arbitrary<TradeProposal> = mixed(
  fc
    .record({
      symbol: fc.constantFrom(...SYMBOLS),
      isLong: fc.boolean(),
      entryPrice: decimal(1, 10_000_000, 2),
      stopBps: fc.integer({ min: 1, max: 2_500 }),
      // Mostly above the minimum reward:risk of 1.5, sometimes below or absent.
      rewardMultiple: fc.option(ratio(1.2, 3), {
        nil: null,
        freq: 8,
      }),
      size: fc.option(decimal(1, 100_000_000, 6), { nil: null }),
      // Leverage 1 about half the time, so shorts reach the spot-sell (base balance) rule.
      leverage: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 10 })),
      confidence: ratio(0.7, 1),
    })
    .map((raw) => {
      const direction = raw.isLong ? 1 : -1
      const distance = raw.entryPrice.times(raw.stopBps).div(10_000)
      return {
        symbol: raw.symbol,
        action: raw.isLong ? 'BUY' : 'SELL',
        side: raw.isLong ? 'long' : 'short',
        size: raw.size,
        entryPrice: raw.entryPrice,
        stopLoss: raw.entryPrice.minus(distance.times(direction)),
        takeProfit:
          raw.rewardMultiple === null
            ? null
            : raw.entryPrice.plus(distance.times(raw.rewardMultiple).times(direction)),
        leverage: raw.leverage,
        confidence: raw.confidence,
        correlationId: 'property',
      } satisfies TradeProposal
    }),
)

/** A position worth `share` of `equity`. */
function positionOf(equity: Decimal, symbol: string, share: number, isLong: boolean): OpenPosition {
  const notional = equity.times(share).toDecimalPlaces(2)
  return {
    symbol,
    side: isLong ? 'long' : 'short',
    size: notional.div(100),
    entryPrice: new Decimal(100),
    notional,
  }
}

/** A portfolio whose positions and balances are in proportion to its equity. */
const portfolio: fc.Arbitrary<PortfolioContext> = mixed(
  fc
    .record({
      equity: decimal(100_00, 1_000_000_00, 2),
      freeShare: ratio(0, 1.2),
      positions: fc.array(
        fc.record({
          symbol: fc.constantFrom(...SYMBOLS),
          share: ratio(0, 0.3),
          isLong: fc.boolean(),
        }),
        { maxLength: 4 },
      ),
      exposureShare: fc.option(ratio(0, 1), { nil: null, freq: 4 }),
      feeRate: fc.option(decimal(0, 100, 4), { nil: null }),
    })
    .map((raw) => ({
      equity: raw.equity,
      freeBalances: { USDT: raw.equity.times(raw.freeShare).toDecimalPlaces(2) },
      openPositions: raw.positions.map((p) => positionOf(raw.equity, p.symbol, p.share, p.isLong)),
      totalExposure:
        raw.exposureShare === null ? null : raw.equity.times(raw.exposureShare).toDecimalPlaces(2),
      feeRate: raw.feeRate,
    })),
)

/**
 * A proposal and a portfolio that may hold some of the proposal's base asset: between none
 * and 1.5 × the size or 5 % of equity, whichever is smaller, with up to 10 decimals so that
 * spot sells are lowered to it, refused without it, and rounded down to the size decimals.
 */
const proposalAndPortfolio: fc.Arbitrary<[TradeProposal, PortfolioContext]> = fc
  .tuple(openingProposal, portfolio, fc.option(ratio(0, 1.5), { nil: null, freq: 3 }))
  .map(([proposal, context, holdingShare]) => {
    if (holdingShare === null) return [proposal, context]
    const base = proposal.symbol.split('/')[0] as string
    // Against what the sizing rules would likely leave (a few % of equity), not a size far above it.
    const slice = context.equity.times(0.05).div(proposal.entryPrice)
    const reference = proposal.size !== null && proposal.size.lt(slice) ? proposal.size : slice
    const holding = reference.times(holdingShare).toDecimalPlaces(10, Decimal.ROUND_DOWN)
    return [proposal, { ...context, freeBalances: { ...context.freeBalances, [base]: holding } }]
  })

/** As {@link proposalAndPortfolio}, with three proposals in four left for the engine to size. */
const unsizedMostly: fc.Arbitrary<[TradeProposal, PortfolioContext]> = fc
  .tuple(proposalAndPortfolio, fc.integer({ min: 0, max: 3 }))
  .map(([[proposal, context], draw]) => [
    draw === 0 ? proposal : { ...proposal, size: null },
    context,
  ])

/** True when the validation let through a short at leverage 1, a sale of held base asset. */
function isSpotSell(validation: RiskValidation): boolean {
  return validation.proposal.side === 'short' && validation.proposal.leverage === 1
}

const regime: fc.Arbitrary<RegimeContext | null> = mixed(
  fc.option(
    fc.record({
      regime: fc.constantFrom(...MARKET_REGIMES),
      confidence: ratio(0, 1),
      position_size_multiplier: ratio(0.05, 2.5),
      entry_strictness: fc.constantFrom(...ENTRY_STRICTNESS_LEVELS),
    }),
    { nil: null },
  ),
)

/** Thresholds varied around the defaults, so the properties hold for any sane configuration. */
const settings = mixed(
  fc.record({
    risk_per_trade_pct: ratio(0.1, 5),
    max_position_value_pct: ratio(1, 100),
    max_total_exposure_pct: ratio(10, 100),
    max_correlated_exposure_pct: ratio(5, 100),
    min_position_value: fc.integer({ min: 0, max: 50 }),
    size_decimal_places: fc.integer({ min: 3, max: 10 }),
    fee_pct: ratio(0, 1),
  }),
)

function changedRules(validation: RiskValidation): string[] {
  return validation.checks
    .filter((check) => check.outcome === 'modified')
    .map((check) => check.rule)
}

describe('risk rules, by property', () => {
  it('a MODIFIED proposal satisfies every rule that modified it', async () => {
    let modifiedRuns = 0
    let spotSellsLowered = 0
    await fc.assert(
      fc.asyncProperty(
        proposalAndPortfolio,
        regime,
        settings,
        async ([proposal, context], regimeInput, overrides) => {
          const { engine } = await makeHarness({ settings: overrides })
          const first = engine.validate(proposal, context, regimeInput)
          if (first.status !== 'MODIFIED') return
          modifiedRuns++
          if (isSpotSell(first) && changedRules(first).includes('FREE_BALANCE')) spotSellsLowered++
          const again = engine.validate(first.proposal, context, regimeInput)
          for (const rule of changedRules(first)) {
            const check = again.checks.find((candidate) => candidate.rule === rule)
            expect(check?.outcome, `${rule} on re-validation: ${check?.message}`).toBe('passed')
          }
          expect(again.status, again.reasons.join('; ')).toBe('APPROVED')
          expect(first.proposal.leverage).toBeLessThanOrEqual(proposal.leverage)
          if (proposal.size !== null) expect(first.proposal.size?.lte(proposal.size)).toBe(true)
        },
      ),
      { numRuns: 400 },
    )
    // The generators must actually reach the property, spot sells lowered to the base balance too.
    expect(modifiedRuns).toBeGreaterThan(40)
    expect(spotSellsLowered).toBeGreaterThan(3)
  })

  it('a spot sell is let through only up to the free base balance', async () => {
    let spotSells = 0
    let refused = 0
    await fc.assert(
      fc.asyncProperty(proposalAndPortfolio, regime, async ([proposal, context], input) => {
        const { engine } = await makeHarness()
        const validation = engine.validate(proposal, context, input)
        const base = proposal.symbol.split('/')[0] as string
        const free = context.freeBalances[base] ?? new Decimal(0)
        if (validation.status === 'REJECTED') {
          const funds = validation.checks.find((check) => check.rule === 'FREE_BALANCE')
          if (funds?.message.includes('SPOT_SELL_NOT_FUNDED')) {
            refused++
            // Refused only when the base balance, rounded down to 8 decimals, is worth less than 10.
            const usable = free.toDecimalPlaces(8, Decimal.ROUND_DOWN)
            expect(usable.times(proposal.entryPrice).lt(10), funds.message).toBe(true)
          }
          return
        }
        if (!isSpotSell(validation)) return
        spotSells++
        expect(validation.proposal.size?.lte(free)).toBe(true)
      }),
      { numRuns: 400 },
    )
    expect(spotSells).toBeGreaterThan(10)
    expect(refused).toBeGreaterThan(10)
  })

  it('a sized trade loses no more than its budget at the stop, fees included, and stays under the value cap', async () => {
    let acceptedRuns = 0
    let riskBoundRuns = 0
    await fc.assert(
      fc.asyncProperty(unsizedMostly, regime, async ([proposal, context], input) => {
        const { engine } = await makeHarness()
        const validation = engine.validate(proposal, context, input)
        if (validation.status === 'REJECTED') return
        acceptedRuns++
        const final = validation.proposal
        const size = new Wide(final.size as Decimal)
        const entry = new Wide(final.entryPrice)
        const stop = new Wide(final.stopLoss as Decimal)
        // The default fee_pct of 0.26 % unless the portfolio gives the account's rate.
        const feeRate = context.feeRate ?? new Decimal('0.0026')
        // A unit stopped out loses the move to the stop plus the entry fee on the entry price
        // and the exit fee on the stop price.
        const lossPerUnit = entry.minus(stop).abs().plus(entry.plus(stop).times(feeRate))
        // The regime may only shrink a trade: max_regime_size_multiplier is 1 by default.
        const multiplier =
          input === null ? 1 : Math.min(Math.max(input.position_size_multiplier, 0), 1)
        const budget = new Wide(context.equity).times(0.01)
        // Within 1 % of equity, whatever the regime says (and the cap bounds it too).
        expect(
          size.times(lossPerUnit).lte(budget),
          `size=${size.toFixed()} loss_per_unit=${lossPerUnit.toFixed()} budget=${budget.toFixed()}`,
        ).toBe(true)
        expect(size.times(final.entryPrice).lte(context.equity.times(0.2))).toBe(true)
        expect(final.leverage).toBeLessThanOrEqual(5)

        // Tight: when the risk budget sized the trade (no size asked, the value cap not
        // reached, no later rule lowering it), one more unit of the last size decimal (8)
        // would lose more than the budget × the multiplier.
        const capSize = new Wide(context.equity).times(0.2).div(entry)
        const riskSize = budget.div(lossPerUnit)
        const laterRulesPassed = validation.checks
          .filter((check) => check.rule !== 'POSITION_SIZE' && check.rule !== 'LEVERAGE')
          .every((check) => check.outcome !== 'modified')
        if (proposal.size === null && laterRulesPassed && riskSize.lt(capSize)) {
          riskBoundRuns++
          expect(
            size.plus('1e-8').times(lossPerUnit).gt(budget.times(multiplier)),
            `size=${size.toFixed()} loss_per_unit=${lossPerUnit.toFixed()} budget=${budget.toFixed()} multiplier=${multiplier}`,
          ).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
    expect(acceptedRuns).toBeGreaterThan(30)
    expect(riskBoundRuns).toBeGreaterThan(20)
  })

  it('the status follows from the checks, and the reasons are the non-passing messages', async () => {
    await fc.assert(
      fc.asyncProperty(proposalAndPortfolio, regime, async ([proposal, context], input) => {
        const { engine } = await makeHarness()
        const validation = engine.validate(proposal, context, input)
        const outcomes = validation.checks.map((check) => check.outcome)
        const expected = outcomes.includes('rejected')
          ? 'REJECTED'
          : outcomes.includes('modified')
            ? 'MODIFIED'
            : 'APPROVED'
        expect(validation.status).toBe(expected)
        expect(validation.reasons).toEqual(
          validation.checks
            .filter((check) => check.outcome === 'modified' || check.outcome === 'rejected')
            .map((check) => check.message),
        )
        for (const check of validation.checks)
          expect(check.message.startsWith(`${check.rule}: `)).toBe(true)
        if (validation.status !== 'MODIFIED') expect(validation.proposal).toBe(proposal)
      }),
      { numRuns: 300 },
    )
  })

  it('closing and reduce-only trades pass even with every breaker tripped', async () => {
    const harness = await makeHarness()
    const { engine } = harness
    await engine.updateEquity(new Decimal(10_000))
    await engine.updateEquity(new Decimal(1_000))
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 50 })
    await engine.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: new Decimal(-5_000) })
    expect(engine.activeBreakers()).toEqual([
      'daily_loss',
      'weekly_loss',
      'max_drawdown',
      'volatility',
    ])
    await fc.assert(
      fc.property(
        openingProposal,
        portfolio,
        regime,
        fc.boolean(),
        (proposal, context, input, isClose) => {
          const closing: TradeProposal = isClose
            ? { ...proposal, action: 'CLOSE' }
            : { ...proposal, isReduceOnly: true }
          expect(engine.validate(closing, context, input).status).toBe('APPROVED')
          expect(engine.validate(proposal, context, input).status).toBe('REJECTED')
        },
      ),
      { numRuns: 200 },
    )
  })
})
