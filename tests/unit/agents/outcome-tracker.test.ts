import Decimal from 'decimal.js'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  judge,
  OutcomeTracker,
  type PriceLookup,
} from '../../../src-main/engine/agents/outcome-tracker'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  ModelComparisonRepository,
  type ModelComparisonRecord,
  type Store,
} from '../../../src-main/engine/store'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { aModelComparisonRecord } from '../../helpers/model-comparison-record'
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
  beforeEach(async () => {
    await store.execute('DELETE FROM model_comparisons')
  })

  /** One model's answer to a decision, given at `createdAtMs`. */
  const anAnswer = (overrides: Partial<ModelComparisonRecord> = {}) =>
    aModelComparisonRecord({
      decisionId: '00000000-0000-4000-8000-000000000002',
      model: 'a',
      createdAtMs: T0,
      ...overrides,
    })

  /** A repository that counts the questions it is asked and the outcome writes it is given. */
  function countingRepository() {
    const repository = new ModelComparisonRepository(store.db)
    const asked = { awaiting: 0, outcomeWrites: [] as string[] }
    const counting = Object.create(repository) as ModelComparisonRepository
    counting.awaitingOutcomes = () => {
      asked.awaiting++
      return repository.awaitingOutcomes()
    }
    counting.recordOutcomes = (horizon, outcomes) => {
      asked.outcomeWrites.push(`${horizon}:${outcomes.length}`)
      return repository.recordOutcomes(horizon, outcomes)
    }
    return { repository, counting, asked }
  }

  it('fills each horizon when it falls due, once, with one price lookup per instant', async () => {
    const { repository, counting, asked } = countingRepository()
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
      comparisons: counting,
      prices,
      clock,
      logger,
      checkIntervalMs: HOUR,
    })
    const decisionId = anAnswer().decisionId
    await tracker.insertMany([
      anAnswer({ model: 'a', action: 'BUY' }),
      anAnswer({ model: 'b', action: 'SELL' }),
      anAnswer({ model: 'c', action: null, isValid: false }),
      // Never judged: no price at the decision.
      anAnswer({ model: 'd', priceAtDecision: null }),
    ])
    tracker.start()
    tracker.start()
    expect(clock.pendingTimers()).toBe(1)

    await clock.advance(HOUR)
    await tracker.fillDue()
    let rows = await repository.forDecision(decisionId)
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
      ['d', undefined, null],
    ])
    expect(lookups).toEqual([T0 + HOUR])
    // The outcomes of one check are written together, one write per horizon.
    expect(asked.outcomeWrites).toEqual(['1h:3'])

    await clock.advance(3 * HOUR)
    expect(await tracker.fillDue()).toBe(0)
    rows = await repository.forDecision(decisionId)
    expect(rows.every((row) => row.outcomes['4h'].price === null)).toBe(true)

    await clock.advance(20 * HOUR)
    await tracker.fillDue()
    rows = await repository.forDecision(decisionId)
    expect(rows.map((row) => row.outcomes['24h'].isCorrect)).toEqual([false, true, null, null])
    // The 4 h price is not known: it stays unfilled and is asked again at later checks.
    expect(rows.every((row) => row.outcomes['4h'].price === null)).toBe(true)
    expect(lookups.filter((timeMs) => timeMs === T0 + 4 * HOUR).length).toBeGreaterThan(1)
    expect(lines.some((line) => line.msg === 'trading decision outcomes filled')).toBe(true)
    // Answers recorded through the tracker are followed without asking the store again.
    expect(asked.awaiting).toBe(1)

    tracker.stop()
    tracker.stop()
    expect(clock.pendingTimers()).toBe(0)
  })

  it('fills, after a restart, the outcomes an earlier run left waiting', async () => {
    const decisionId = '00000000-0000-4000-8000-000000000009'
    const start = T0 + 100 * HOUR
    const earlier = new ModelComparisonRepository(store.db)
    const [filledBefore] = await earlier.insertMany([
      anAnswer({ decisionId, symbol: 'XRP/USDT', model: 'early', createdAtMs: start - 2 * HOUR }),
    ])
    await earlier.recordOutcomes('1h', [
      { id: filledBefore!, price: new Decimal('7'), isCorrect: true },
    ])
    await earlier.insertMany([
      anAnswer({ decisionId, symbol: 'XRP/USDT', model: 'late', createdAtMs: start - HOUR / 2 }),
    ])

    const { repository, counting, asked } = countingRepository()
    const clock = new VirtualClock(start)
    const tracker = new OutcomeTracker({
      comparisons: counting,
      prices: { priceAt: async () => new Decimal('1.1') },
      clock,
      logger: capturingLogger().logger,
    })
    await tracker.insertMany([
      anAnswer({ decisionId, symbol: 'XRP/USDT', model: 'after', createdAtMs: start }),
    ])
    // Nothing the earlier run left is due at its 1 h horizon: only the store is asked.
    expect(await tracker.fillDue()).toBe(0)
    expect(asked.awaiting).toBe(1)
    await clock.advance(HOUR / 2)
    expect(await tracker.fillDue()).toBe(1)
    await clock.advance(HOUR / 2)
    expect(await tracker.fillDue()).toBe(1)
    await clock.advance(2 * HOUR)
    // 4 h after the first answer: its 4 h outcome; its 1 h one was filled before the restart.
    expect(await tracker.fillDue()).toBe(1)
    const rows = await repository.forDecision(decisionId)
    expect(
      rows.map((row) => [
        row.model,
        row.outcomes['1h'].price?.toString(),
        row.outcomes['4h'].price?.toString(),
      ]),
    ).toEqual([
      ['early', '7', '1.1'],
      ['late', '1.1', undefined],
      ['after', '1.1', undefined],
    ])
    expect(asked.awaiting).toBe(1)
  })

  it('does not overlap checks, logs a failing store and reads it again at the next check', async () => {
    const { logger, lines } = capturingLogger()
    let release: () => void = () => {}
    let reads = 0
    const comparisons = {
      awaitingOutcomes: () => {
        reads++
        return new Promise((_resolve, reject) => {
          release = () => reject(new Error('db down'))
        })
      },
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
    const second = tracker.fillDue()
    release()
    expect(await second).toBe(0)
    expect(reads).toBe(2)
  })
})
