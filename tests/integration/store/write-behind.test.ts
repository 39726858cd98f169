import Decimal from 'decimal.js'
import { count } from 'drizzle-orm'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { schema, type Store } from '../../../src-main/engine/store'
import {
  AgentOutputRepository,
  ModelComparisonRepository,
  TradingDecisionRepository,
} from '../../../src-main/engine/store'
import { CoordinatorStateRepository } from '../../../src-main/engine/store/repositories/coordinator-state-repository'
import { ExecutionEventRepository } from '../../../src-main/engine/store/repositories/execution-event-repository'
import { PortfolioSnapshotRepository } from '../../../src-main/engine/store/repositories/portfolio-snapshot-repository'
import { RebalancingHistoryRepository } from '../../../src-main/engine/store/repositories/rebalancing-history-repository'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { testStores } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 6, 12)

function anEvent(n: number, correlationId = 'corr') {
  return {
    type: 'sync.completed' as const,
    timestampMs: T0 + n,
    orderId: null,
    positionId: null,
    symbol: null,
    correlationId,
    payload: { n },
  }
}

function aSnapshot(timestampMs: number, equity: string) {
  return {
    timestampMs,
    equity: new Decimal(equity),
    realizedPnl: new Decimal(0),
    unrealizedPnl: new Decimal(0),
    balances: { USDT: equity },
    allocation: { totalEquity: equity },
  }
}

describe.each(testStores())('WriteBehind on $name', (driver) => {
  let store: Store
  beforeAll(async () => {
    store = await driver.open()
  })
  afterAll(async () => {
    await store?.close()
    await driver.dispose()
  })
  beforeEach(async () => {
    await store.execute('DELETE FROM execution_events')
    await store.execute('DELETE FROM portfolio_snapshots')
    await store.execute('DELETE FROM coordinator_state')
    await store.execute('DELETE FROM trading_decisions')
    await store.execute('DELETE FROM model_comparisons')
    await store.execute('DELETE FROM rebalancing_history')
  })

  const storedEvents = async () =>
    (await store.db.select({ rows: count() }).from(schema.executionEvents))[0]?.rows ?? 0

  it('writes each row before the append settles when batchRows is 1', async () => {
    const events = new ExecutionEventRepository(store.db)
    await events.append(anEvent(1))
    expect(await storedEvents()).toBe(1)
  })

  it('refuses a batch size that is not a positive integer', () => {
    for (const batchRows of [0, -1, 1.5]) {
      expect(
        () => new WriteBehind({ db: store.db, logger: capturingLogger().logger, batchRows }),
      ).toThrow(/batchRows must be a positive integer/)
    }
  })

  it('buffers rows until a batch is full, then writes them in order in one go', async () => {
    const writes = new WriteBehind({ db: store.db, logger: capturingLogger().logger, batchRows: 3 })
    const events = new ExecutionEventRepository(store.db, writes)
    await events.append(anEvent(1))
    await events.append(anEvent(2))
    expect(await storedEvents()).toBe(0)
    expect(writes.stats.pending).toBe(2)
    await events.append(anEvent(3))
    await writes.flush()
    expect(writes.stats).toMatchObject({ flushes: 1, rowsWritten: 3, pending: 0 })
    // Reads through the repository flush first, so they see what is still queued.
    await events.append(anEvent(4))
    const read = await events.byCorrelationId('corr')
    expect(read.map((event) => event.payload.n)).toEqual([1, 2, 3, 4])
  })

  it('stores the rest of a batch when one row is refused, and logs the refused one', async () => {
    const { logger, lines } = capturingLogger()
    const writes = new WriteBehind({ db: store.db, logger, batchRows: 10 })
    const events = new ExecutionEventRepository(store.db, writes)
    await events.append(anEvent(1))
    // event_type is NOT NULL: this row cannot be stored.
    await events.append({ ...anEvent(2), type: null as never })
    await events.append(anEvent(3))
    await writes.flush()
    expect(await storedEvents()).toBe(2)
    expect(writes.stats).toMatchObject({ rowsWritten: 2, rowsFailed: 1 })
    expect(lines.filter((line) => line.msg === 'write-behind could not store a row')).toEqual([
      expect.objectContaining({ table: 'execution_events' }),
    ])
  })

  it('rejects the append of a row it could not write at once', async () => {
    const events = new ExecutionEventRepository(store.db)
    await expect(events.append({ ...anEvent(1), type: null as never })).rejects.toThrow()
    await events.append(anEvent(2))
    expect(await storedEvents()).toBe(1)
  })

  it('stores decimals exactly, JSON values as given and leaves unset columns to their defaults', async () => {
    const writes = new WriteBehind({ db: store.db, logger: capturingLogger().logger, batchRows: 5 })
    const outputs = new AgentOutputRepository(store.db, writes)
    const output = { action: 'BUY', levels: [1.5, '2'], note: 'a "quoted" word', nested: null }
    await outputs.insert({
      agent: 'technical_analysis',
      symbol: 'BTC/USDT',
      provider: 'rules',
      model: 'rules',
      correlationId: 'json-insert',
      createdAtMs: T0 + 7,
      latencyMs: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: new Decimal('0.000000000000000001'),
      rawText: 'text with a \\ backslash, a tab\t and ünïcode',
      output,
      isValid: true,
      error: null,
    })
    const [stored] = await outputs.recent({ correlationId: 'json-insert' })
    expect(stored).toMatchObject({ createdAtMs: T0 + 7, output, error: null })
    expect(stored?.costUsd.toFixed()).toBe('0.000000000000000001')
    expect(stored?.rawText).toBe('text with a \\ backslash, a tab\t and ünïcode')
    const events = new ExecutionEventRepository(store.db, writes)
    await events.append(anEvent(1, 'defaults'))
    await writes.flush()
    const [row] = await store.db.select().from(schema.executionEvents)
    expect(row?.id).toEqual(expect.any(Number))
  })

  it('keeps the last of several upserts of one key in a batch, and replaces the stored row', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 10,
    })
    const snapshots = new PortfolioSnapshotRepository(store.db, writes)
    await snapshots.record(aSnapshot(T0, '100'))
    await writes.flush()
    await snapshots.record(aSnapshot(T0, '101'))
    await snapshots.record(aSnapshot(T0 + 1, '200'))
    await snapshots.record(aSnapshot(T0, '102'))
    const curve = await snapshots.equityRange()
    expect(curve.map((sample) => [sample.timestampMs - T0, sample.equity.toFixed()])).toEqual([
      [0, '102'],
      [1, '200'],
    ])
  })

  it('runs only the newest of the state saves queued under one key', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 50,
    })
    const states = new CoordinatorStateRepository(store.db, writes)
    const row = (state: string, updatedAtMs: number) => ({
      state,
      degradationLevel: 'NORMAL',
      tasks: {},
      statistics: {},
      pausedSymbols: [],
      degradationHistory: [],
      updatedAtMs,
    })
    await states.save('main', row('RUNNING', T0))
    await states.save('main', row('PAUSED', T0 + 1))
    expect(writes.stats.pending).toBe(1)
    expect(await states.load('main')).toMatchObject({ state: 'PAUSED', updatedAtMs: T0 + 1 })
    expect(writes.stats.flushes).toBe(1)
  })

  it('queues trading decisions, their model comparisons and rebalancing checks; reads see them', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 50,
    })
    const decisions = new TradingDecisionRepository(store.db, writes)
    const comparisons = new ModelComparisonRepository(store.db, writes)
    const history = new RebalancingHistoryRepository(store.db, writes)
    const decisionId = await decisions.insert({
      correlationId: 'queued',
      symbol: 'BTC/USDT',
      createdAtMs: T0,
      action: 'BUY',
      confidence: 0.6,
      entryPrice: new Decimal('50000.5'),
      stopLoss: null,
      takeProfit: null,
      leverage: 1,
      agreement: 1,
      votes: [{ model: 'rules', action: 'BUY' }],
      reasoning: null,
      usedFallbackStrategy: true,
    })
    const ids = await comparisons.insertMany(
      ['rules', 'gpt'].map((model) => ({
        decisionId,
        correlationId: 'queued',
        symbol: 'BTC/USDT',
        provider: model,
        model,
        createdAtMs: T0,
        action: 'BUY',
        confidence: 0.6,
        entryPrice: null,
        stopLoss: null,
        takeProfit: null,
        latencyMs: 1.4,
        costUsd: new Decimal('0.001'),
        isValid: true,
        isBaseline: model === 'rules',
        error: null,
        agreedWithConsensus: true,
        priceAtDecision: new Decimal('50000'),
      })),
    )
    await history.record({
      id: '00000000-0000-4000-8000-0000000000c1',
      createdAtMs: T0,
      correlationId: 'queued',
      action: 'no_action',
      allocation: {
        totalEquity: '1000.00',
        assets: [],
        maxDeviationPct: '0.00',
        thresholdPct: '5.00',
        warnings: [],
      },
      trades: [],
      executionStrategy: null,
      usedFallbackStrategy: false,
      reasoning: 'within threshold',
    })
    expect(writes.stats.pending).toBe(4)
    expect(await store.db.select({ rows: count() }).from(schema.tradingDecisions)).toEqual([
      { rows: 0 },
    ])

    expect(await decisions.byId(decisionId)).toMatchObject({
      id: decisionId,
      usedFallbackStrategy: true,
    })
    expect((await comparisons.forDecision(decisionId)).map((row) => row.id).sort()).toEqual(
      [...ids].sort(),
    )
    expect((await history.recent()).map((record) => record.reasoning)).toEqual(['within threshold'])
  })

  it('writes the outcomes queued for a horizon together, after the answers they fill', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 50,
    })
    const comparisons = new ModelComparisonRepository(store.db, writes)
    const decisionId = '00000000-0000-4000-8000-0000000000d1'
    const [first, second] = await comparisons.insertMany(
      ['a', 'b'].map((model) => ({
        decisionId,
        correlationId: 'outcomes',
        symbol: 'BTC/USDT',
        provider: model,
        model,
        createdAtMs: T0,
        action: model === 'a' ? 'BUY' : 'CLOSE',
        confidence: 0.6,
        entryPrice: null,
        stopLoss: null,
        takeProfit: null,
        latencyMs: 0,
        costUsd: new Decimal(0),
        isValid: true,
        isBaseline: false,
        error: null,
        agreedWithConsensus: true,
        priceAtDecision: new Decimal('50000'),
      })),
    )
    await comparisons.recordOutcomes('1h', [
      { id: first!, price: new Decimal('50100.25'), isCorrect: true },
    ])
    await comparisons.recordOutcomes('1h', [
      { id: second!, price: new Decimal('50100.25'), isCorrect: null },
    ])
    // Two answers and one write for the outcomes of the horizon.
    expect(writes.stats.pending).toBe(3)
    const stored = await comparisons.forDecision(decisionId)
    expect(
      stored.map((row) => [
        row.model,
        row.outcomes['1h'].price?.toFixed(),
        row.outcomes['1h'].isCorrect,
      ]),
    ).toEqual([
      ['a', '50100.25', true],
      ['b', '50100.25', null],
    ])
    expect(writes.stats.flushes).toBe(1)
  })
})
