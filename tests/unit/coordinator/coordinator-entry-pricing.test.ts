import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { EntryPricing } from '../../../src-main/engine/coordinator'
import { aCoordinator, settle } from '../../fakes/coordinator/coordinator-harness'
import { makeHarness } from '../risk/risk-builders'

/*
 * The trading decision's entry price against the market, through the coordinator as the
 * composition root wires it (execution.yaml `orders`). BTC trades at 58,000; the LLM
 * consensus hallucinates an entry of 50,000 with its stop at 49,000. Sized for that 1,000
 * stop distance, a market order would fill near 58,000 and risk 9,000 a unit.
 */

const HALLUCINATED = { entry_price: '50000', stop_loss: '49000', stop_loss_pct: undefined }

/** The harness's coordinator given execution.yaml's `orders`, started, with BTC at 58,000. */
async function pricingEntries(entryPricing: EntryPricing) {
  const harness = aCoordinator({ entryPricing })
  await harness.coordinator.start()
  await settle(harness.clock)
  harness.bus.publish({
    topic: 'market_data',
    source: 'market',
    payload: { symbol: 'BTC/USDT', price: '58000' },
  })
  return harness
}

describe('entry pricing from execution.yaml orders', () => {
  it.each(['limit', 'market'] as const)(
    'makes no proposal from a %s entry far off the market: no risk check, no order',
    async (orderType) => {
      const harness = await pricingEntries({ orderType, maxDeviationPct: 5 })
      expect(await harness.signal(HALLUCINATED)).toMatchObject({
        outcome: 'no_proposal',
        detail:
          'ENTRY_OFF_MARKET: symbol=BTC/USDT entry=50000 market=58000 deviation_pct=13.79 max=5',
      })
      expect(harness.risk.calls).toHaveLength(0)
      expect(harness.executor.calls).toHaveLength(0)
      expect(harness.coordinator.status().statistics).toMatchObject({ signals_no_proposal: 1 })
    },
  )

  it('sizes a market entry within the band from the market price', async () => {
    const harness = await pricingEntries({ orderType: 'market', maxDeviationPct: 5 })
    expect(
      await harness.signal({ entry_price: '57500', stop_loss: '56840', stop_loss_pct: undefined }),
    ).toMatchObject({ outcome: 'executed' })
    const proposal = harness.risk.calls[0]?.proposal
    expect(proposal?.entryPrice.toFixed()).toBe('58000')
    // position_size_pct 10 of 10,000 USDT, at the price the order fills.
    expect(proposal?.size?.toFixed()).toBe(new Decimal(1000).div(58000).toFixed())
    expect(harness.executor.calls[0]?.proposal.entryPrice.toFixed()).toBe('58000')
  })

  it('sends a limit BUY above the market at the market price, where it fills', async () => {
    const harness = await pricingEntries({ orderType: 'limit', maxDeviationPct: 5 })
    expect(
      await harness.signal({ entry_price: '60000', stop_loss: '56840', stop_loss_pct: undefined }),
    ).toMatchObject({ outcome: 'executed' })
    expect(harness.risk.calls[0]?.proposal.entryPrice.toFixed()).toBe('58000')
    expect(harness.executor.calls[0]?.proposal.entryPrice.toFixed()).toBe('58000')
  })

  it('has the real risk engine refuse a breakout stop already above the fill', async () => {
    const harness = await pricingEntries({ orderType: 'limit', maxDeviationPct: 5 })
    const risk = await makeHarness()
    harness.risk.verdict = (proposal, context, regime) =>
      risk.engine.validate(proposal, context, regime)
    // A BUY limit at 60,000 fills at 58,000 at once, under its stop at 59,000.
    expect(
      await harness.signal({ entry_price: '60000', stop_loss: '59000', stop_loss_pct: undefined }),
    ).toMatchObject({
      detail: expect.stringContaining(
        'STOP_LOSS: side=long entry=58000 stop_loss=59000 must be below the entry',
      ),
    })
    expect(harness.executor.calls).toHaveLength(0)
  })
})
