import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { Order } from '../../../src-main/engine/execution/order'
import type { ClientOrderId } from '../../../src-main/engine/execution/order-types'
import { InsightQueries } from '../../../src-main/engine/services/insight-queries'
import {
  ModelComparisonRepository,
  TradingDecisionRepository,
  type Store,
  type TradingDecisionRecord,
} from '../../../src-main/engine/store'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { executionRepositories } from '../../helpers/execution-kit'
import { aModelComparisonRecord } from '../../helpers/model-comparison-record'
import { useMemoryStore } from '../../helpers/test-store'
import { anOrder } from '../../unit/execution/order-builder'

const T0 = Date.UTC(2025, 0, 1)
const d = (value: Decimal.Value) => new Decimal(value)

/** A stop-loss or take-profit order of one position, created at T0. */
function aProtectiveOrder(index: number): Order {
  return anOrder({
    // Ids descending, so the id does not give the order away.
    id: `00000000-0000-4000-8000-${String(900 - index).padStart(12, '0')}`,
    clientOrderId: `trace-${index}` as ClientOrderId,
    side: 'sell',
    type: index % 2 === 0 ? 'stop-loss' : 'take-profit',
    role: index % 2 === 0 ? 'stop-loss' : 'take-profit',
    price: null,
    triggerPrice: d(44000 + index),
    stopLoss: null,
    takeProfit: null,
    correlationId: 'trace-same-ms',
    expiresAtMs: null,
  })
}

/** A HOLD decision at T0 without prices or votes. */
function aDecision(
  overrides: Pick<TradingDecisionRecord, 'id' | 'correlationId' | 'symbol'> &
    Partial<TradingDecisionRecord>,
): TradingDecisionRecord {
  return {
    createdAtMs: T0,
    action: 'HOLD',
    confidence: 0.5,
    entryPrice: null,
    stopLoss: null,
    takeProfit: null,
    leverage: 1,
    agreement: 1,
    votes: [],
    reasoning: null,
    usedFallbackStrategy: false,
    ...overrides,
  }
}

describe('decision trace', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened))

  it('lists orders and fills of the same millisecond in the order they were written', async () => {
    const { orders, fills } = executionRepositories(store)
    const created = Array.from({ length: 12 }, (_, index) => aProtectiveOrder(index))
    for (const order of created) await orders.insert(order)
    // An update writes a new row version elsewhere on disk.
    await orders.update({ ...created[0]!, status: 'OPEN', updatedAtMs: T0 + 1 })
    // Two sweeps recorded interleaved; each sweep's fills share a millisecond.
    const sizes = Array.from({ length: 24 }, (_, index) => String(index + 1))
    for (const [index, size] of sizes.entries()) {
      await fills.record({
        orderId: created[0]!.id,
        externalTradeId: `TRACE-${index}`,
        symbol: 'BTC/USDT',
        side: 'sell',
        size: d(size),
        price: d('44000'),
        fee: d('0'),
        feeAsset: 'USDT',
        filledAtMs: T0 + 10 + (index % 2),
      })
    }
    const queries = new InsightQueries(store.db, { flush: async () => {} })
    const trace = await queries.trace('trace-same-ms')
    expect(
      trace.steps.filter((step) => step.kind === 'order').map((step) => step.detail.orderId),
    ).toEqual(created.map((order) => order.id))
    // Titles read in words: roles, order types and statuses are not engine identifiers.
    expect(trace.steps.find((step) => step.kind === 'order')?.title).toMatch(
      /^stop loss sell stop loss \S+ BTC\/USDT → (open|pending|submitted)$/,
    )
    expect(trace.steps.filter((step) => step.kind === 'fill').map((step) => step.title)).toEqual(
      [
        ...sizes.filter((_, index) => index % 2 === 0),
        ...sizes.filter((_, index) => index % 2),
      ].map((size) => `filled sell ${size} BTC/USDT`),
    )
    // The fill price is a detail, which the UI formats as a price.
    expect(trace.steps.find((step) => step.kind === 'fill')?.detail.price).toBe('44000')
  })

  it('lists the trading decisions still queued for writing', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 50,
    })
    const id = await new TradingDecisionRepository(store.db, writes).insert(
      aDecision({
        id: '00000000-0000-4000-8000-0000000000d9',
        correlationId: 'queued-decision',
        symbol: 'XRP/USDT',
      }),
    )
    const queries = new InsightQueries(store.db, writes)
    expect(
      (await queries.recentDecisions({ symbol: 'XRP/USDT', limit: 5 })).map((row) => row.id),
    ).toEqual([id])
  })

  it('tells a model that was never asked from one that was asked and gave no vote', async () => {
    const decisionId = '00000000-0000-4000-8000-0000000000e1'
    const correlationId = 'asked-or-not'
    await new TradingDecisionRepository(store.db).insert(
      aDecision({ id: decisionId, correlationId, symbol: 'ETH/USDT', action: 'BUY' }),
    )
    const noVote = { action: null, confidence: null, isValid: false, agreedWithConsensus: null }
    await new ModelComparisonRepository(store.db).insertMany([
      aModelComparisonRecord({ decisionId, correlationId, symbol: 'ETH/USDT', model: 'a-voter' }),
      aModelComparisonRecord({
        ...noVote,
        decisionId,
        correlationId,
        symbol: 'ETH/USDT',
        model: 'b-timed-out',
        error: 'timeout: no answer in 30s',
      }),
      aModelComparisonRecord({
        ...noVote,
        decisionId,
        correlationId,
        symbol: 'ETH/USDT',
        model: 'c-keyless',
        latencyMs: 0,
        wasAsked: false,
        error: 'unavailable: provider=openai has no API key',
      }),
    ])
    const queries = new InsightQueries(store.db, { flush: async () => {} })
    const [decision] = await queries.recentDecisions({ symbol: 'ETH/USDT', limit: 5 })
    expect(decision?.votes.map((vote) => [vote.model, vote.wasAsked])).toEqual([
      ['a-voter', true],
      ['b-timed-out', true],
      ['c-keyless', false],
    ])
    const trace = await queries.trace(correlationId)
    expect(trace.steps.filter((step) => step.kind === 'vote').map((step) => step.title)).toEqual(
      expect.arrayContaining([
        'a-voter: BUY 70%',
        'b-timed-out: no vote (timeout: no answer in 30s)',
        'c-keyless: not asked (unavailable: provider=openai has no API key)',
      ]),
    )
    // Confidence and agreement read as the views show them.
    expect(trace.steps.find((step) => step.kind === 'decision')?.title).toBe(
      'consensus BUY confidence 50% agreement 100%',
    )
  })
})
