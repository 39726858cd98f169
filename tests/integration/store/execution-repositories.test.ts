import Decimal from 'decimal.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Order } from '../../../src-main/engine/execution/order'
import type { ClientOrderId } from '../../../src-main/engine/execution/order-types'
import { schema, type Store } from '../../../src-main/engine/store'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { executionRepositories, truncateExecutionTables } from '../../helpers/execution-kit'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { testStores, useTestStore } from '../../helpers/test-store'
import { anOrder } from '../../unit/execution/order-builder'
import { aPosition } from '../../unit/execution/position-builder'

const d = (value: Decimal.Value) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 1)

/** How the repositories write: at once (live and paper) or queued in batches (a replay). */
const writeModes = [
  { mode: 'at once', writesOn: (store: Store) => WriteBehind.immediate(store.db) },
  {
    mode: 'in batches',
    writesOn: (store: Store) =>
      new WriteBehind({ db: store.db, logger: capturingLogger().logger, batchRows: 1000 }),
  },
]

/** A position with a stored (UUID) id. */
const aStoredPosition = (fields: Parameters<typeof aPosition>[0] = {}) =>
  aPosition({ id: '00000000-0000-4000-8000-0000000000dd', ...fields })

const aFill = (fields: { externalTradeId: string; size?: string }) => ({
  orderId: anOrder().id,
  externalTradeId: fields.externalTradeId,
  symbol: 'BTC/USDT',
  side: 'buy' as const,
  size: d(fields.size ?? '0.02'),
  price: d('45100.5'),
  fee: d('0.0001'),
  feeAsset: 'USDT',
  filledAtMs: T0 + 100,
})

describe.each(testStores())('execution repositories on $name', (testStore) => {
  let store: Store
  useTestStore(testStore, (opened) => (store = opened))

  /** The rows of a table as stored, without flushing anything. */
  const stored = {
    orders: () => store.db.select().from(schema.orders),
    positions: () => store.db.select().from(schema.positions),
    statusLog: () => store.db.select().from(schema.orderStatusLog),
    fills: () => store.db.select().from(schema.fills),
  }

  describe('written at once', () => {
    let repos: ReturnType<typeof executionRepositories>
    beforeAll(async () => {
      await truncateExecutionTables(store)
      repos = executionRepositories(store)
    })

    it('stores each write before it settles', async () => {
      await repos.orders.insert(anOrder())
      await repos.orders.update({ ...anOrder(), status: 'OPEN' })
      await repos.statusLog.append({
        orderId: anOrder().id,
        externalId: null,
        status: 'OPEN',
        timestampMs: T0,
        details: null,
      })
      await repos.fills.record(aFill({ externalTradeId: 'AT-ONCE-1' }))
      await repos.positions.save(aStoredPosition())
      expect((await stored.orders()).map((row) => row.status)).toEqual(['OPEN'])
      expect(await stored.statusLog()).toHaveLength(1)
      expect(await stored.fills()).toHaveLength(1)
      expect(await stored.positions()).toHaveLength(1)
    })

    it('rejects a write the store refuses', async () => {
      const sameClientId = anOrder({ id: '00000000-0000-4000-8000-000000000099' })
      await expect(repos.orders.insert(sameClientId)).rejects.toThrow()
      await expect(repos.orders.update({ ...sameClientId, status: 'OPEN' })).rejects.toThrow()
      const entry = { orderId: anOrder().id, externalId: null, timestampMs: T0, details: null }
      await expect(repos.statusLog.append({ ...entry, status: null as never })).rejects.toThrow()
      await expect(
        repos.fills.record({ ...aFill({ externalTradeId: 'AT-ONCE-2' }), symbol: null as never }),
      ).rejects.toThrow()
      await expect(
        repos.positions.save(aStoredPosition({ symbol: null as never })),
      ).rejects.toThrow()
    })
  })

  describe('written in batches', () => {
    let writes: WriteBehind
    let repos: ReturnType<typeof executionRepositories>
    let lines: ReturnType<typeof capturingLogger>['lines']
    beforeAll(async () => {
      await truncateExecutionTables(store)
      const logger = capturingLogger()
      lines = logger.lines
      writes = new WriteBehind({ db: store.db, logger: logger.logger, batchRows: 1000 })
      repos = executionRepositories(store, writes)
    })

    it('stores nothing until a flush, then the last state of each order and position', async () => {
      const order = anOrder()
      await repos.orders.insert(order)
      await repos.statusLog.append({
        orderId: order.id,
        externalId: null,
        status: 'PENDING',
        timestampMs: T0,
        details: null,
      })
      await repos.orders.update({ ...order, status: 'OPEN', externalId: 'OX-1' })
      await repos.orders.update({ ...order, status: 'FILLED', externalId: 'OX-1' })
      await repos.fills.record(aFill({ externalTradeId: 'BATCH-1' }))
      await repos.fills.record(aFill({ externalTradeId: 'BATCH-1', size: '9' }))
      const position = aStoredPosition()
      await repos.positions.save(position)
      await repos.positions.save({ ...position, size: d('0.02') })
      await repos.positions.save({ ...position, size: d('0.01') })
      expect(await stored.orders()).toEqual([])
      expect(await stored.positions()).toEqual([])
      expect(await stored.statusLog()).toEqual([])
      expect(await stored.fills()).toEqual([])

      await writes.flush()
      expect((await stored.orders()).map((row) => [row.status, row.externalId])).toEqual([
        ['FILLED', 'OX-1'],
      ])
      expect((await stored.positions()).map((row) => row.size.toFixed())).toEqual(['0.01'])
      expect(await stored.statusLog()).toHaveLength(1)
      expect((await stored.fills()).map((row) => row.size.toFixed())).toEqual(['0.02'])
      expect(writes.stats.rowsFailed).toBe(0)
    })

    it('logs a write the store refuses instead of failing its caller, and keeps the rest', async () => {
      const sameClientId = anOrder({ id: '00000000-0000-4000-8000-000000000099' })
      await repos.orders.insert(sameClientId)
      await repos.positions.save(aStoredPosition({ size: d('0.03') }))
      await writes.flush()
      expect(writes.stats.rowsFailed).toBe(1)
      expect(lines.filter((line) => line.msg === 'write-behind could not store a row')).toEqual([
        expect.objectContaining({ table: 'orders' }),
      ])
      expect((await stored.positions()).map((row) => row.size.toFixed())).toEqual(['0.03'])
    })
  })

  describe.each(writeModes)('read back when written $mode', ({ writesOn }) => {
    let repos: ReturnType<typeof executionRepositories>

    beforeAll(async () => {
      await truncateExecutionTables(store)
      repos = executionRepositories(store, writesOn(store))
    })

    it('stores an order write-ahead and finds it by id, client id and external id', async () => {
      const order = anOrder()
      await repos.orders.insert(order)
      expect(await repos.orders.findById(order.id)).toEqual(order)
      expect(await repos.orders.findByClientOrderId('client-1')).toEqual(order)
      const acknowledged = {
        ...order,
        externalId: 'OABC-1',
        status: 'OPEN' as const,
        updatedAtMs: T0 + 5,
      }
      await repos.orders.update(acknowledged)
      expect(await repos.orders.findByExternalId('OABC-1')).toEqual(acknowledged)
      expect(await repos.orders.findByExternalId('nope')).toBeNull()
      expect(await repos.orders.findById('00000000-0000-4000-8000-000000000077')).toBeNull()
      expect(await repos.orders.findByClientOrderId('nope')).toBeNull()
    })

    it('lists unfinished, per-position, per-status, recent and correlated orders', async () => {
      const filled = anOrder({
        id: '00000000-0000-4000-8000-000000000002',
        clientOrderId: 'client-2' as ClientOrderId,
        status: 'FILLED',
        filledSize: d('0.05'),
        averageFillPrice: d('45100'),
        fee: d('1.5'),
        createdAtMs: T0 + 10,
        correlationId: 'corr-2',
      })
      await repos.orders.insert(filled)
      expect((await repos.orders.findNonTerminal()).map((o) => o.id)).toEqual([anOrder().id])
      expect(await repos.orders.findByPosition(anOrder().positionId!)).toHaveLength(2)
      expect((await repos.orders.findByStatus(['FILLED'])).map((o) => o.id)).toEqual([filled.id])
      expect((await repos.orders.recent(1)).map((o) => o.id)).toEqual([filled.id])
      expect((await repos.orders.recent(5, 'BTC/USDT')).map((o) => o.id)).toEqual([
        filled.id,
        anOrder().id,
      ])
      expect(await repos.orders.recent(5, 'XRP/USDT')).toEqual([])
      expect(await repos.orders.findByCorrelationId('corr-2')).toEqual([filled])
    })

    it('appends the status log in order', async () => {
      const orderId = anOrder().id
      await repos.statusLog.append({
        orderId,
        externalId: null,
        status: 'PENDING',
        timestampMs: T0,
        details: null,
      })
      await repos.statusLog.append({
        orderId,
        externalId: 'OABC-1',
        status: 'OPEN',
        timestampMs: T0 + 1,
        details: { previous_status: 'PENDING' },
      })
      const log = await repos.statusLog.forOrder(orderId)
      expect(log.map((entry) => entry.status)).toEqual(['PENDING', 'OPEN'])
      expect(log[1]).toEqual({
        orderId,
        externalId: 'OABC-1',
        status: 'OPEN',
        timestampMs: T0 + 1,
        details: { previous_status: 'PENDING' },
      })
    })

    it('records fills once per trade id', async () => {
      const fill = {
        orderId: anOrder().id,
        externalTradeId: 'TX-1',
        symbol: 'BTC/USDT',
        side: 'buy' as const,
        size: d('0.02'),
        price: d('45100.5'),
        fee: d('0.0001'),
        feeAsset: 'USDT',
        filledAtMs: T0 + 100,
      }
      expect(await repos.fills.latestFillTime()).toBeNull()
      await repos.fills.record(fill)
      await repos.fills.record({ ...fill, size: d('9') })
      expect(await repos.fills.forOrder(anOrder().id)).toEqual([fill])
      expect(await repos.fills.latestFillTime()).toBe(T0 + 100)
      expect(await repos.fills.since(T0 + 100)).toEqual([fill])
      expect(await repos.fills.since(T0 + 101)).toEqual([])
    })

    it('saves positions with ledger and trailing state and reads them back exactly', async () => {
      const position = aPosition({
        id: '00000000-0000-4000-8000-0000000000aa',
        stopLoss: d('44300.000000000001'),
        fees: d('1.23'),
        openFees: d('1.23'),
        fillLedger: {
          [anOrder().id]: {
            kind: 'entry',
            filledSize: d('0.05'),
            notional: d('2255'),
            fee: d('1.23'),
          },
        },
        trailingStop: {
          isEnabled: true,
          activationPct: d('1'),
          distancePct: d('1.5'),
          isActive: true,
          extremePrice: d('46000'),
        },
        openedAtMs: T0,
        updatedAtMs: T0,
      })
      await repos.positions.save(position)
      expect(await repos.positions.findById(position.id)).toEqual(position)
      expect(await repos.positions.findOpen('BTC/USDT')).toEqual([position])
      expect(await repos.positions.findOpen('XRP/USDT')).toEqual([])
      const closed = {
        ...position,
        status: 'closed' as const,
        size: d(0),
        exitPrice: d('46000'),
        realizedPnl: d('98.77'),
        closeReason: 'take_profit',
        closedAtMs: T0 + 1000,
        trailingStop: { ...position.trailingStop, extremePrice: null },
      }
      await repos.positions.save(closed)
      expect(await repos.positions.findOpen()).toEqual([])
      expect(await repos.positions.findClosed(10)).toEqual([closed])
      expect(await repos.positions.findById('00000000-0000-4000-8000-0000000000bb')).toBeNull()
    })

    it('writes position snapshots, ignoring a repeat at the same instant', async () => {
      const snapshot = {
        timestampMs: T0,
        positionId: '00000000-0000-4000-8000-0000000000aa',
        symbol: 'BTC/USDT',
        currentPrice: d('45500'),
        unrealizedPnl: d('50'),
        unrealizedPnlPct: d('2.2222'),
      }
      await repos.snapshots.insertMany([])
      await repos.snapshots.insertMany([snapshot, { ...snapshot, timestampMs: T0 + 60_000 }])
      await repos.snapshots.insertMany([{ ...snapshot, currentPrice: d('1') }])
      const stored = await repos.snapshots.forPosition(snapshot.positionId)
      expect(stored).toHaveLength(2)
      expect(stored[0]).toEqual(snapshot)
    })

    it('appends execution events and reads them by recency and correlation', async () => {
      const event = {
        type: 'order.filled' as const,
        timestampMs: T0,
        orderId: anOrder().id,
        positionId: null,
        symbol: 'BTC/USDT',
        correlationId: 'corr-9',
        payload: { size: '0.05' },
      }
      await repos.events.publish(event)
      await repos.events.append({ ...event, type: 'position.opened', correlationId: 'corr-8' })
      expect((await repos.events.recent(1))[0]?.type).toBe('position.opened')
      expect(await repos.events.byCorrelationId('corr-9')).toEqual([event])
    })

    it('lists orders and fills of the same millisecond in the order they were written', async () => {
      const sameMs = T0 + 5_000
      const positionId = '00000000-0000-4000-8000-0000000000cc'
      // Ids descending, so neither the id nor the place of a row on disk gives the order away.
      const written = Array.from({ length: 12 }, (_, index) =>
        anOrder({
          id: `00000000-0000-4000-8000-${String(900 - index).padStart(12, '0')}`,
          clientOrderId: `same-ms-${index}` as ClientOrderId,
          symbol: 'XRP/USDT',
          positionId,
          correlationId: 'same-ms',
          createdAtMs: sameMs,
          updatedAtMs: sameMs,
        }),
      )
      for (const order of written) await repos.orders.insert(order)
      // An update writes a new row version elsewhere on disk.
      await repos.orders.update({ ...written[0]!, status: 'OPEN', updatedAtMs: sameMs + 1 })
      const ids = written.map((order) => order.id)
      const idsOf = (orders: readonly Order[]) => orders.map((order) => order.id)
      expect(idsOf(await repos.orders.findByCorrelationId('same-ms'))).toEqual(ids)
      expect(idsOf(await repos.orders.findByPosition(positionId))).toEqual(ids)
      expect(
        idsOf((await repos.orders.findNonTerminal()).filter((o) => o.positionId === positionId)),
      ).toEqual(ids)
      expect(idsOf(await repos.orders.recent(100, 'XRP/USDT'))).toEqual([...ids].reverse())
      expect(idsOf(await repos.orders.findByStatus(['PENDING', 'OPEN'], 5))).toEqual(
        [...ids].reverse().slice(0, 5),
      )

      // Two sweeps, recorded interleaved: each sweep's fills share a millisecond.
      const sweeps = [sameMs, sameMs - 1]
      const recorded = Array.from({ length: 24 }, (_, index) => ({
        tradeId: `SAME-MS-${99 - index}`,
        filledAtMs: sweeps[index % 2]!,
      }))
      for (const { tradeId, filledAtMs } of recorded) {
        await repos.fills.record({
          orderId: ids[0]!,
          externalTradeId: tradeId,
          symbol: 'XRP/USDT',
          side: 'buy',
          size: d('1'),
          price: d('0.6'),
          fee: d('0'),
          feeAsset: 'USDT',
          filledAtMs,
        })
      }
      const oldestFirst = [
        ...recorded.filter((fill) => fill.filledAtMs === sameMs - 1),
        ...recorded.filter((fill) => fill.filledAtMs === sameMs),
      ]
      expect((await repos.fills.forOrder(ids[0]!)).map((fill) => fill.externalTradeId)).toEqual(
        oldestFirst.map((fill) => fill.tradeId),
      )
    })

    it('adds to hodl bags with a history row per change', async () => {
      expect((await repos.hodl.amount('USDT')).isZero()).toBe(true)
      const first = await repos.hodl.add(
        'USDT',
        d('9.877'),
        'profit share',
        '00000000-0000-4000-8000-0000000000aa',
        T0,
      )
      const second = await repos.hodl.add('USDT', d('0.123'), 'profit share', null, T0 + 1)
      expect(first.toString()).toBe('9.877')
      expect(second.toString()).toBe('10')
      expect((await repos.hodl.amount('USDT')).toString()).toBe('10')
      expect(Object.keys(await repos.hodl.all())).toContain('USDT')
      const history = await repos.hodl.history('USDT')
      expect(history.map((row) => [row.change.toString(), row.balanceAfter.toString()])).toEqual([
        ['9.877', '9.877'],
        ['0.123', '10'],
      ])
      expect(history[0]?.sourcePositionId).toBe('00000000-0000-4000-8000-0000000000aa')
    })
  })
})
