import Decimal from 'decimal.js'
import { asc, count, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import { describe, expect, it } from 'vitest'
import { schema, type Database, type Store } from '../../../src-main/engine/store'
import {
  AgentOutputRepository,
  ModelComparisonRepository,
  TradingDecisionRepository,
} from '../../../src-main/engine/store'
import { CoordinatorStateRepository } from '../../../src-main/engine/store/repositories/coordinator-state-repository'
import { ExecutionEventRepository } from '../../../src-main/engine/store/repositories/execution-event-repository'
import { PortfolioSnapshotRepository } from '../../../src-main/engine/store/repositories/portfolio-snapshot-repository'
import { FillRepository } from '../../../src-main/engine/store/repositories/fill-repository'
import { OrderRepository } from '../../../src-main/engine/store/repositories/order-repository'
import { OrderStatusLogRepository } from '../../../src-main/engine/store/repositories/order-status-log-repository'
import { PositionRepository } from '../../../src-main/engine/store/repositories/position-repository'
import { PositionSnapshotRepository } from '../../../src-main/engine/store/repositories/position-snapshot-repository'
import { RebalancingHistoryRepository } from '../../../src-main/engine/store/repositories/rebalancing-history-repository'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { aModelComparisonRecord } from '../../helpers/model-comparison-record'
import { testStores, useTestStore } from '../../helpers/test-store'
import { anOrder } from '../../unit/execution/order-builder'
import { aPosition } from '../../unit/execution/position-builder'

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
  }
}

/** An orders row as the order repository writes it (every column but the write sequence). */
function anOrderRow(id: string, status: string) {
  const order = anOrder({ id, clientOrderId: `client-${id}` as never })
  return {
    id,
    clientOrderId: order.clientOrderId,
    symbol: order.symbol,
    side: order.side,
    orderType: order.type,
    role: order.role,
    size: order.size,
    leverage: order.leverage,
    status,
    filledSize: order.filledSize,
    fee: order.fee,
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  }
}

function aStatusLogRow(orderId: string) {
  return { orderId, status: 'PENDING', timestamp: new Date(T0) }
}

/** The database with the tables its statements write into, in the order they ran. */
function recordingWrites(db: Database): { db: Database; tables: string[] } {
  const dialect = new PgDialect()
  const tables: string[] = []
  const recording = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver) as unknown
      return (query: SQL) => {
        const table = /^(?:with stored as \()?insert into "(\w+)"/.exec(
          dialect.sqlToQuery(query).sql,
        )
        if (table) tables.push(table[1]!)
        return target.execute(query)
      }
    },
  })
  return { db: recording, tables }
}

/** The database with its statements held until `release` is called (a slow batch ahead). */
function heldWrites(db: Database): { db: Database; release(): void } {
  let release = () => {}
  const released = new Promise<void>((resolve) => (release = resolve))
  const held = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'execute') return Reflect.get(target, property, receiver) as unknown
      return async (query: SQL) => {
        await released
        return target.execute(query)
      }
    },
  })
  return { db: held, release }
}

const coordinatorRow = (state: string, updatedAtMs: number) => ({
  state,
  degradationLevel: 'NORMAL',
  tasks: {},
  statistics: {},
  pausedSymbols: [],
  degradationHistory: [],
  updatedAtMs,
})

const ORDER_A = '00000000-0000-4000-8000-00000000000a'
const ORDER_B = '00000000-0000-4000-8000-00000000000b'
const ORDER_C = '00000000-0000-4000-8000-00000000000c'

/** A raw execution_events row, as the repository would append it. */
function eventRow(n: number) {
  return {
    createdAt: new Date(T0 + n),
    eventType: 'sync.completed',
    orderId: null,
    positionId: null,
    symbol: null,
    correlationId: 'many',
    payload: { n },
  }
}

describe.each(testStores())('WriteBehind on $name', (driver) => {
  let store: Store
  useTestStore(
    driver,
    (opened) => (store = opened),
    async (opened) => {
      await opened.execute('DELETE FROM execution_events')
      await opened.execute('DELETE FROM portfolio_snapshots')
      await opened.execute('DELETE FROM coordinator_state')
      await opened.execute('DELETE FROM orders')
      await opened.execute('DELETE FROM order_status_log')
      await opened.execute('DELETE FROM fills')
      await opened.execute('DELETE FROM positions')
      await opened.execute('DELETE FROM position_snapshots')
      await opened.execute('DELETE FROM trading_decisions')
      await opened.execute('DELETE FROM model_comparisons')
      await opened.execute('DELETE FROM rebalancing_history')
    },
  )

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

  it('writes the batches a full buffer starts through the background database', async () => {
    const seen: string[] = []
    const spy = (name: string) =>
      new Proxy(store.db, {
        get(target, property, receiver) {
          if (property === 'execute') seen.push(name)
          return Reflect.get(target, property, receiver)
        },
      })
    const writes = new WriteBehind({
      db: spy('db'),
      backgroundDb: spy('background'),
      logger: capturingLogger().logger,
      batchRows: 2,
    })
    const events = new ExecutionEventRepository(store.db, writes)
    await events.append(anEvent(1))
    await events.append(anEvent(2))
    await events.append(anEvent(3))
    expect(writes.whenIdle()).toBeNull()
    const flushed = writes.flush()
    // An awaited flush is what a replay's clock waits for, also while it queues behind a batch.
    expect(writes.whenIdle()).toBeInstanceOf(Promise)
    await flushed
    expect(writes.whenIdle()).toBeNull()
    expect(seen).toEqual(['background', 'db'])
    expect(await storedEvents()).toBe(3)
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

  it('writes rows appended together at once in one statement, all or none', async () => {
    const writes = WriteBehind.immediate(store.db)
    await writes.appendMany(schema.executionEvents, [1, 2, 3].map(eventRow))
    expect(await storedEvents()).toBe(3)
    expect(writes.stats).toMatchObject({ flushes: 1, rowsWritten: 3 })
    // event_type is NOT NULL: the middle row fails the statement, so none of the three is kept.
    const refused = [4, 5, 6].map(eventRow)
    refused[1] = { ...refused[1]!, eventType: null as never }
    await expect(writes.appendMany(schema.executionEvents, refused)).rejects.toThrow()
    expect(await storedEvents()).toBe(3)
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
      id: '00000000-0000-4000-8000-0000000000a1',
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
    await states.save('main', coordinatorRow('RUNNING', T0))
    await states.save('main', coordinatorRow('PAUSED', T0 + 1))
    expect(writes.stats.pending).toBe(1)
    expect(await states.load('main')).toMatchObject({ state: 'PAUSED', updatedAtMs: T0 + 1 })
    expect(writes.stats.flushes).toBe(1)
  })

  it('keeps a key at the place of its first upsert and the values of its last, without renumbering it', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 10,
    })
    const upsert = { upsertOn: schema.orders.id }
    await writes.append(schema.orders, anOrderRow(ORDER_A, 'PENDING'), upsert)
    await writes.flush()
    await writes.append(schema.orders, anOrderRow(ORDER_B, 'PENDING'), upsert)
    await writes.append(schema.orders, anOrderRow(ORDER_C, 'PENDING'), upsert)
    await writes.append(schema.orders, anOrderRow(ORDER_B, 'OPEN'), upsert)
    await writes.append(schema.orders, anOrderRow(ORDER_A, 'FILLED'), upsert)
    await writes.flush()
    const rows = await store.db
      .select({ id: schema.orders.id, status: schema.orders.status })
      .from(schema.orders)
      .orderBy(asc(schema.orders.sequence))
    expect(rows).toEqual([
      { id: ORDER_A, status: 'FILLED' },
      { id: ORDER_B, status: 'OPEN' },
      { id: ORDER_C, status: 'PENDING' },
    ])
  })

  it('writes a table after the tables it references, even when it was used first', async () => {
    const { db, tables } = recordingWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 10 })
    const log = { references: [schema.orders] }
    // A status row of an order stored earlier, then a new order with its status row.
    await writes.append(schema.orderStatusLog, aStatusLogRow(ORDER_A), log)
    await writes.append(schema.orders, anOrderRow(ORDER_B, 'PENDING'), {
      upsertOn: schema.orders.id,
    })
    await writes.append(schema.orderStatusLog, aStatusLogRow(ORDER_B), log)
    await writes.flush()
    expect(tables).toEqual(['orders', 'order_status_log'])
  })

  it('writes the orders and positions of a batch before the rows of the execution tables that refer to them', async () => {
    const { db, tables } = recordingWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 100 })
    const position = aPosition({ id: '00000000-0000-4000-8000-0000000000dd' })
    // Rows about an order and a position stored earlier come first, then a new order and position.
    await new ExecutionEventRepository(db, writes).append(anEvent(1))
    await new FillRepository(db, writes).record({
      orderId: ORDER_A,
      externalTradeId: 'REFERS-1',
      symbol: 'BTC/USDT',
      side: 'buy',
      size: new Decimal('0.01'),
      price: new Decimal('45000'),
      fee: new Decimal('0'),
      feeAsset: 'USDT',
      filledAtMs: T0,
    })
    await new PositionSnapshotRepository(db, writes).insertMany([
      {
        timestampMs: T0,
        positionId: position.id,
        symbol: 'BTC/USDT',
        currentPrice: new Decimal('45000'),
        unrealizedPnl: new Decimal('0'),
        unrealizedPnlPct: new Decimal('0'),
      },
    ])
    await new OrderStatusLogRepository(db, writes).append({
      orderId: ORDER_B,
      externalId: null,
      status: 'PENDING',
      timestampMs: T0,
      details: null,
    })
    await new OrderRepository(db, writes).insert(anOrder({ id: ORDER_B }))
    await new PositionRepository(db, writes).save(position)
    await writes.flush()
    expect(tables).toEqual([
      'orders',
      'positions',
      'execution_events',
      'fills',
      'position_snapshots',
      'order_status_log',
    ])
  })

  it('writes only the named tables and the tables they reference when a flush names tables', async () => {
    const { db, tables } = recordingWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 100 })
    const snapshots = new PortfolioSnapshotRepository(db, writes)
    await snapshots.record(aSnapshot(T0, '100'))
    await new OrderRepository(db, writes).insert(anOrder({ id: ORDER_B }))
    await new PositionRepository(db, writes).save(aPosition({ id: ORDER_C }))
    const events = new ExecutionEventRepository(db, writes)
    await events.append(anEvent(1))
    await writes.flush(schema.executionEvents)
    expect(tables).toEqual(['orders', 'positions', 'execution_events'])
    expect(writes.stats.pending).toBe(1)
    await writes.flush()
    expect(tables.slice(3)).toEqual(['portfolio_snapshots'])
  })

  it('keeps the rows a flush of other tables leaves queued in order, through a later full batch', async () => {
    const { db, tables } = recordingWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 5 })
    const events = new ExecutionEventRepository(db, writes)
    const snapshots = new PortfolioSnapshotRepository(db, writes)
    await events.append(anEvent(1))
    await snapshots.record(aSnapshot(T0, '100'))
    await events.append(anEvent(2))
    await writes.flush(schema.portfolioSnapshots)
    expect(writes.stats.pending).toBe(2)
    await snapshots.record(aSnapshot(T0 + 1, '101'))
    await events.append(anEvent(3))
    await events.append(anEvent(4))
    // Five rows queued: the batch that starts writes the events held back with the new ones.
    expect(writes.stats.pending).toBe(0)
    const read = await events.byCorrelationId('corr')
    expect(read.map((event) => event.payload.n)).toEqual([1, 2, 3, 4])
    expect(tables).toEqual(['portfolio_snapshots', 'execution_events', 'portfolio_snapshots'])
  })

  it('runs the state writes of a table when a flush names it and leaves other rows queued', async () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 50,
    })
    const states = new CoordinatorStateRepository(store.db, writes)
    const events = new ExecutionEventRepository(store.db, writes)
    await states.save('main', coordinatorRow('RUNNING', T0))
    await events.append(anEvent(1))
    await writes.flush(schema.executionEvents)
    expect(await store.db.select().from(schema.coordinatorState)).toEqual([])
    await events.append(anEvent(2))
    expect(await states.load('main')).toMatchObject({ state: 'RUNNING' })
    expect(writes.stats.pending).toBe(1)
    expect(await storedEvents()).toBe(1)
  })

  it('writes what was queued when a flush was asked for; rows queued while it waits go in a later write', async () => {
    const { db, release } = heldWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 50 })
    const events = new ExecutionEventRepository(db, writes)
    const snapshots = new PortfolioSnapshotRepository(db, writes)
    await events.append(anEvent(1))
    await snapshots.record(aSnapshot(T0, '100'))
    const first = writes.flush()
    // Queued while the flush's first table is being written.
    await snapshots.record(aSnapshot(T0 + 1, '101'))
    release()
    await first
    expect(writes.stats).toMatchObject({ flushes: 1, rowsWritten: 2, pending: 1 })
    expect((await snapshots.equityRange()).map((sample) => sample.equity.toFixed())).toEqual([
      '100',
      '101',
    ])
  })

  it('refuses tables that reference each other and a table appended with other options', () => {
    const writes = new WriteBehind({
      db: store.db,
      logger: capturingLogger().logger,
      batchRows: 10,
    })
    void writes.append(schema.orders, anOrderRow(ORDER_A, 'PENDING'), {
      upsertOn: schema.orders.id,
      references: [schema.orderStatusLog],
    })
    expect(() =>
      writes.append(schema.orderStatusLog, aStatusLogRow(ORDER_A), { references: [schema.orders] }),
    ).toThrow(/reference each other: table=order_status_log/)
    expect(() => writes.append(schema.orders, anOrderRow(ORDER_B, 'PENDING'))).toThrow(
      /table=orders appended with other options/,
    )
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
      id: '00000000-0000-4000-8000-0000000000d1',
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
      ['rules', 'gpt'].map((model, index) => ({
        id: `00000000-0000-4000-8000-0000000000c${index + 1}`,
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
        wasAsked: true,
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
      ['a', 'b'].map((model) =>
        aModelComparisonRecord({
          decisionId,
          correlationId: 'outcomes',
          provider: model,
          model,
          createdAtMs: T0,
          action: model === 'a' ? 'BUY' : 'CLOSE',
        }),
      ),
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

  it('writes an outcome recorded while an earlier write waits after the answer it fills', async () => {
    const { db, release } = heldWrites(store.db)
    const writes = new WriteBehind({ db, logger: capturingLogger().logger, batchRows: 50 })
    const comparisons = new ModelComparisonRepository(db, writes)
    const decisionId = '00000000-0000-4000-8000-0000000000d2'
    const answer = (model: string) =>
      aModelComparisonRecord({ decisionId, provider: model, model, createdAtMs: T0 })
    const [first] = await comparisons.insertMany([answer('a')])
    await comparisons.recordOutcomes('1h', [
      { id: first!, price: new Decimal('1'), isCorrect: true },
    ])
    // Taken now, written once the store answers: the next answer and its outcome come after.
    const waiting = writes.flush(schema.modelComparisons)
    const [second] = await comparisons.insertMany([answer('b')])
    await comparisons.recordOutcomes('1h', [
      { id: second!, price: new Decimal('2'), isCorrect: false },
    ])
    release()
    await waiting
    const stored = await comparisons.forDecision(decisionId)
    expect(stored.map((row) => [row.model, row.outcomes['1h'].price?.toFixed()])).toEqual([
      ['a', '1'],
      ['b', '2'],
    ])
  })
})
