import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  judge,
  OutcomeTracker,
  type PriceLookup,
} from '../../../src-main/engine/agents/outcome-tracker'
import { VirtualClock } from '../../../src-main/engine/clock'
import { ModelComparisonRepository, type Store } from '../../../src-main/engine/store'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { openMemoryStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 1)
const HOUR = 3_600_000

describe('judge', () => {
  it.each<[string | null, string, string, boolean | null]>([
    ['BUY', '100', '101', true],
    ['BUY', '100', '100', false],
    ['BUY', '100', '99', false],
    ['SELL', '100', '99', true],
    ['SELL', '100', '101', false],
    ['HOLD', '100', '100.4', true],
    ['HOLD', '100', '99.6', true],
    ['HOLD', '100', '100.5', false],
    ['CLOSE', '100', '90', null],
    [null, '100', '90', null],
    ['BUY', '0', '1', null],
  ])('%s from %s to %s is %s', (action, before, after, expected) => {
    expect(judge(action, new Decimal(before), new Decimal(after), 0.5)).toBe(expected)
  })
})

describe('OutcomeTracker', () => {
  let store: Store
  beforeAll(async () => {
    store = await openMemoryStore()
  })
  afterAll(async () => {
    await store.close()
  })

  it('fills each horizon when it falls due, once, with one price lookup per instant', async () => {
    const comparisons = new ModelComparisonRepository(store.db)
    const base = {
      decisionId: '00000000-0000-4000-8000-000000000002',
      correlationId: 'c',
      symbol: 'BTC/USDT',
      provider: 'openai',
      createdAtMs: T0,
      confidence: 0.7,
      entryPrice: null,
      stopLoss: null,
      takeProfit: null,
      latencyMs: 1,
      costUsd: new Decimal(0),
      isValid: true,
      isBaseline: false,
      error: null,
      agreedWithConsensus: true,
      priceAtDecision: new Decimal('50000'),
    }
    await comparisons.insertMany([
      { ...base, model: 'a', action: 'BUY' },
      { ...base, model: 'b', action: 'SELL' },
      { ...base, model: 'c', action: null, isValid: false },
    ])
    const lookups: number[] = []
    const prices: PriceLookup = {
      priceAt: async (_symbol, timeMs) => {
        lookups.push(timeMs)
        if (timeMs === T0 + 4 * HOUR) return null
        return new Decimal(timeMs === T0 + HOUR ? '50600' : '49000')
      },
    }
    const clock = new VirtualClock(T0)
    const { logger, lines } = capturingLogger()
    const tracker = new OutcomeTracker({
      comparisons,
      prices,
      clock,
      logger,
      checkIntervalMs: HOUR,
    })
    tracker.start()
    tracker.start()
    expect(clock.pendingTimers()).toBe(1)

    await clock.advance(HOUR)
    await tracker.fillDue()
    let rows = await comparisons.forDecision(base.decisionId)
    expect(
      rows.map((row) => [
        row.model,
        row.outcomes['1h'].price?.toString(),
        row.outcomes['1h'].isCorrect,
      ]),
    ).toEqual([
      ['a', '50600', true],
      ['b', '50600', false],
      ['c', '50600', null],
    ])
    expect(lookups).toEqual([T0 + HOUR])

    await clock.advance(3 * HOUR)
    expect(await tracker.fillDue()).toBe(0)
    rows = await comparisons.forDecision(base.decisionId)
    expect(rows.every((row) => row.outcomes['4h'].price === null)).toBe(true)

    await clock.advance(20 * HOUR)
    await tracker.fillDue()
    rows = await comparisons.forDecision(base.decisionId)
    expect(rows.map((row) => row.outcomes['24h'].isCorrect)).toEqual([false, true, null])
    expect(lines.some((line) => line.msg === 'trading decision outcomes filled')).toBe(true)

    tracker.stop()
    tracker.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('asks the store for due answers only once one can be due, and sees answers given later', async () => {
    const comparisons = new ModelComparisonRepository(store.db)
    const decisionId = '00000000-0000-4000-8000-000000000009'
    const answer = (createdAtMs: number) => ({
      decisionId,
      correlationId: 'later',
      symbol: 'XRP/USDT',
      provider: 'rules',
      model: 'rules',
      createdAtMs,
      action: 'BUY',
      confidence: 0.6,
      entryPrice: null,
      stopLoss: null,
      takeProfit: null,
      latencyMs: 0,
      costUsd: new Decimal(0),
      isValid: true,
      isBaseline: true,
      error: null,
      agreedWithConsensus: true,
      priceAtDecision: new Decimal('1'),
    })
    const start = T0 + 100 * HOUR
    const clock = new VirtualClock(start)
    const asked: string[] = []
    const counting = Object.create(comparisons) as ModelComparisonRepository
    counting.pendingOutcomes = (horizon, nowMs, limit) => {
      asked.push(horizon)
      return comparisons.pendingOutcomes(horizon, nowMs, limit)
    }
    const tracker = new OutcomeTracker({
      comparisons: counting,
      prices: { priceAt: async () => new Decimal('1.1') },
      clock,
      logger: capturingLogger().logger,
    })
    await comparisons.insertMany([answer(start)])
    await tracker.fillDue()
    expect(asked).toEqual(['1h', '4h', '24h'])
    // Nothing can be due before the answer's first hour is up: no question asked.
    asked.length = 0
    await clock.advance(HOUR / 2)
    await comparisons.insertMany([answer(clock.now())])
    await tracker.fillDue()
    expect(asked).toEqual([])
    await clock.advance(HOUR / 2)
    expect(await tracker.fillDue()).toBe(1)
    expect(asked).toEqual(['1h'])
    // The answer given half an hour in is due half an hour later, not a horizon after the check.
    asked.length = 0
    await clock.advance(HOUR / 2)
    expect(await tracker.fillDue()).toBe(1)
    expect(asked).toEqual(['1h'])
  })

  it('does not overlap checks and logs a failing store', async () => {
    const { logger, lines } = capturingLogger()
    let release: () => void = () => {}
    const comparisons = {
      pendingOutcomes: () =>
        new Promise((_resolve, reject) => {
          release = () => reject(new Error('db down'))
        }),
    } as unknown as ModelComparisonRepository
    const tracker = new OutcomeTracker({
      comparisons,
      prices: { priceAt: async () => null },
      clock: new VirtualClock(),
      logger,
    })
    const first = tracker.fillDue()
    expect(tracker.fillDue()).toBe(first)
    release()
    expect(await first).toBe(0)
    expect(lines.some((line) => line.msg === 'could not fill trading decision outcomes')).toBe(true)
  })
})
