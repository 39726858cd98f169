import Decimal from 'decimal.js'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { InMemoryExecutionEventPublisher } from '../../../src-main/engine/execution/execution-event'
import { RepositoryHodlBagAccrual } from '../../../src-main/engine/execution/hodl-bag-accrual'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import type { Position } from '../../../src-main/engine/execution/position'
import {
  PositionTracker,
  type PositionActions,
  type PositionFill,
} from '../../../src-main/engine/execution/position-tracker'
import type { TriggerKind } from '../../../src-main/engine/execution/position-triggers'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { Store } from '../../../src-main/engine/store'
import {
  executionRepositories,
  executionSection,
  truncateExecutionTables,
} from '../../helpers/execution-kit'
import { openMemoryStore } from '../../helpers/test-store'

const d = (value: Decimal.Value) => new Decimal(value)
const POSITION = '00000000-0000-4000-8000-00000000000a'
const ENTRY = '00000000-0000-4000-8000-0000000000e1'
const T0 = Date.UTC(2025, 0, 1)

function entryFill(fields: Partial<PositionFill> = {}): PositionFill {
  return {
    positionId: POSITION,
    orderId: ENTRY,
    symbol: 'BTC/USDT',
    orderSide: 'buy',
    kind: 'entry',
    filledSize: d('0.1'),
    averagePrice: d('45000'),
    fee: d('4.5'),
    leverage: 2,
    stopLoss: d('44000'),
    takeProfit: d('47000'),
    correlationId: 'corr-7',
    ...fields,
  }
}

/** The entry of a second position, in XRP/USDT. */
const XRP_POSITION = '00000000-0000-4000-8000-00000000000c'
function xrpEntryFill(fields: Partial<PositionFill> = {}): PositionFill {
  return entryFill({ positionId: XRP_POSITION, orderId: 'e-x', symbol: 'XRP/USDT', ...fields })
}

function exitFill(orderId: string, fields: Partial<PositionFill> = {}): PositionFill {
  return entryFill({
    orderId,
    orderSide: 'sell',
    kind: 'exit',
    stopLoss: null,
    takeProfit: null,
    reason: 'take_profit',
    ...fields,
  })
}

class RecordingActions implements PositionActions {
  readonly closes: [string, TriggerKind, string][] = []
  readonly changes: Position[] = []
  readonly closedWithoutOrders: Position[] = []
  async closeTriggered(position: Position, trigger: TriggerKind, price: Decimal): Promise<void> {
    this.closes.push([position.id, trigger, price.toString()])
  }
  async protectionChanged(position: Position): Promise<void> {
    this.changes.push(position)
  }
  async closedWithoutOrder(position: Position): Promise<void> {
    this.closedWithoutOrders.push(position)
  }
}

describe('PositionTracker', () => {
  let store: Store
  let clock: VirtualClock
  let prices: ManualPriceSource
  let events: InMemoryExecutionEventPublisher
  let repos: ReturnType<typeof executionRepositories>
  let tracker: PositionTracker

  const trackerOptions = (hodlPct = 10, snapshots = repos.snapshots) => ({
    clock,
    logger: silentLogger(),
    positions: repos.positions,
    snapshots,
    prices,
    events,
    config: {
      positions: executionSection().positions,
      trailingStop: executionSection().trailing_stop,
    },
    hodl: {
      accrual: new RepositoryHodlBagAccrual(repos.hodl),
      isEnabled: true,
      allocationPct: hodlPct,
    },
  })
  const makeTracker = (hodlPct = 10, snapshots = repos.snapshots) =>
    new PositionTracker(trackerOptions(hodlPct, snapshots))

  beforeAll(async () => {
    store = await openMemoryStore()
  })

  afterAll(async () => {
    await store.close()
  })

  beforeEach(async () => {
    await truncateExecutionTables(store)
    clock = new VirtualClock(T0)
    prices = new ManualPriceSource()
    events = new InMemoryExecutionEventPublisher()
    repos = executionRepositories(store)
    tracker = makeTracker()
    await tracker.load()
  })

  afterEach(() => {
    tracker.stop()
  })

  it('opens a position from an entry fill with its levels, fees and the default trailing stop', async () => {
    const outcome = await tracker.applyFill(entryFill())
    expect(outcome.change).toBe('opened')
    const position = outcome.position!
    expect(position).toMatchObject({
      id: POSITION,
      side: 'long',
      leverage: 2,
      status: 'open',
      correlationId: 'corr-7',
    })
    expect(position.size.toString()).toBe('0.1')
    expect(position.entryPrice.toString()).toBe('45000')
    expect(position.stopLoss?.toString()).toBe('44000')
    expect(position.fees.toString()).toBe('4.5')
    expect(position.trailingStop).toMatchObject({ isEnabled: true, isActive: false })
    expect(position.trailingStop.distancePct.toString()).toBe('1.5')
    expect(await repos.positions.findById(POSITION)).toEqual(position)
    expect(events.ofType('position.opened')[0]).toMatchObject({
      orderId: ENTRY,
      positionId: POSITION,
    })
  })

  it('counts every change to its positions, and nothing that only reads them', async () => {
    expect(tracker.revision).toBe(0)
    await tracker.applyFill(entryFill())
    expect(tracker.revision).toBe(1)
    expect(
      (await tracker.applyFill(entryFill({ filledSize: d('0.1'), fee: d('4.5') }))).change,
    ).toBe('unchanged')
    tracker.openPositions()
    await tracker.get(POSITION)
    expect(tracker.revision).toBe(1)
    await tracker.applyFill(exitFill('x-1', { filledSize: d('0.04'), averagePrice: d('46000') }))
    expect(tracker.revision).toBe(2)
    await tracker.applyFill(exitFill('x-2', { filledSize: d('0.06'), averagePrice: d('47000') }))
    expect(tracker.revision).toBe(3)
  })

  it('opens a short from a sell entry', async () => {
    const { position } = await tracker.applyFill(entryFill({ orderSide: 'sell' }))
    expect(position?.side).toBe('short')
  })

  it('applies an order state idempotently and grows the position by the increments', async () => {
    await tracker.applyFill(
      entryFill({ filledSize: d('0.04'), averagePrice: d('45000'), fee: d('1.8') }),
    )
    expect(
      (await tracker.applyFill(entryFill({ filledSize: d('0.04'), fee: d('1.8') }))).change,
    ).toBe('unchanged')
    // cumulative 0.1 at average 45060 → the increment of 0.06 was at 45100
    const grown = await tracker.applyFill(
      entryFill({ filledSize: d('0.1'), averagePrice: d('45060'), fee: d('4.5') }),
    )
    expect(grown.change).toBe('increased')
    expect(grown.position?.size.toString()).toBe('0.1')
    expect(grown.position?.entryPrice.toString()).toBe('45060')
    expect(grown.position?.openFees.toString()).toBe('4.5')
  })

  it('reduces on a partial exit, realizing P&L net of the exit fee and the entry fee share', async () => {
    await tracker.applyFill(entryFill())
    const reduced = await tracker.applyFill(
      exitFill('x-1', { filledSize: d('0.04'), averagePrice: d('46000'), fee: d('1.84') }),
    )
    expect(reduced.change).toBe('reduced')
    // gross (46000 − 45000) × 0.04 = 40; entry fee share 4.5 × 0.4 = 1.8; exit fee 1.84
    expect(reduced.position?.realizedPnl.toString()).toBe('36.36')
    expect(reduced.position?.size.toString()).toBe('0.06')
    expect(reduced.position?.openFees.toString()).toBe('2.7')
    expect(events.ofType('position.reduced')).toHaveLength(1)
  })

  it('closes on the final exit with the average exit price and reason, and accrues the hodl share', async () => {
    await tracker.applyFill(entryFill())
    await tracker.applyFill(
      exitFill('x-1', { filledSize: d('0.04'), averagePrice: d('46000'), fee: d('1.84') }),
    )
    const closed = await tracker.applyFill(
      exitFill('x-2', { filledSize: d('0.06'), averagePrice: d('47000'), fee: d('2.82') }),
    )
    expect(closed.change).toBe('closed')
    const position = closed.position!
    expect(position.status).toBe('closed')
    expect(position.size.isZero()).toBe(true)
    // (0.04 × 46000 + 0.06 × 47000) / 0.1
    expect(position.exitPrice?.toString()).toBe('46600')
    // 36.36 + (2000 × 0.06 = 120) − 2.82 − 2.7
    expect(position.realizedPnl.toString()).toBe('150.84')
    expect(position.closeReason).toBe('take_profit')
    expect(position.fees.toString()).toBe('9.16')
    expect(tracker.openPositions()).toEqual([])
    expect((await repos.hodl.amount('USDT')).toString()).toBe('15.084')
    expect(events.ofType('position.closed')[0]?.payload).toMatchObject({
      realized_pnl: '150.84',
      reason: 'take_profit',
    })
  })

  it('accrues nothing for a loss or a disabled hodl share', async () => {
    await tracker.applyFill(entryFill())
    await tracker.applyFill(exitFill('x-1', { averagePrice: d('44000'), reason: 'stop_loss' }))
    tracker = makeTracker(0)
    await tracker.applyFill(
      entryFill({ positionId: '00000000-0000-4000-8000-00000000000b', orderId: 'e-2' }),
    )
    await tracker.applyFill(
      exitFill('x-2', {
        positionId: '00000000-0000-4000-8000-00000000000b',
        averagePrice: d('50000'),
      }),
    )
    expect((await repos.hodl.amount('USDT')).isZero()).toBe(true)
  })

  it('reports fills beyond the position as overfilled', async () => {
    const unknown = await tracker.applyFill(exitFill('x-0'))
    expect(unknown).toEqual({ position: null, change: 'overfilled' })
    await tracker.applyFill(entryFill())
    const over = await tracker.applyFill(exitFill('x-1', { filledSize: d('0.15') }))
    expect(over.change).toBe('closed')
    const late = await tracker.applyFill(exitFill('x-2', { filledSize: d('0.01') }))
    expect(late.change).toBe('overfilled')
    const lateEntry = await tracker.applyFill(entryFill({ orderId: 'e-9' }))
    expect(lateEntry.change).toBe('overfilled')
    expect(events.ofType('position.overfilled').map((e) => e.payload.excess)).toEqual([
      '0.1',
      '0.05',
      '0.01',
      '0.1',
    ])
  })

  it('answers for a position it closed from memory, and for one it never saw from the store', async () => {
    await tracker.applyFill(entryFill())
    await tracker.applyFill(exitFill('x-1'))
    const reads = vi.spyOn(repos.positions, 'findById')
    const closed = await tracker.get(POSITION)
    expect(closed?.status).toBe('closed')
    // A late report of the exit changes nothing; a late entry is beyond the position.
    expect((await tracker.applyFill(exitFill('x-1'))).change).toBe('unchanged')
    expect((await tracker.applyFill(entryFill({ orderId: 'e-9' }))).change).toBe('overfilled')
    expect(reads).not.toHaveBeenCalled()
    // After a restart the position was closed before this run: only the store knows it.
    const restarted = makeTracker()
    await restarted.load()
    expect(await restarted.get(POSITION)).toEqual(closed)
    expect(reads).toHaveBeenCalledTimes(1)
  })

  it('opens a position it was told is new without looking for it in the store', async () => {
    const reads = vi.spyOn(repos.positions, 'findById')
    tracker.expectNew(POSITION)
    expect((await tracker.applyFill(entryFill())).change).toBe('opened')
    expect(reads).not.toHaveBeenCalled()
    // Once stored it is an ordinary position: a later fill of its entry grows it.
    const grown = await tracker.applyFill(entryFill({ filledSize: d('0.2') }))
    expect(grown.change).toBe('increased')
    expect(grown.position?.size.toString()).toBe('0.2')
    // A position not announced is looked for first (it may be stored from before a restart).
    await tracker.applyFill(
      entryFill({ positionId: '00000000-0000-4000-8000-00000000000b', orderId: 'e-2' }),
    )
    expect(reads).toHaveBeenCalledTimes(1)
  })

  it('refuses a fill that would break position invariants', async () => {
    await expect(tracker.applyFill(entryFill({ leverage: 6 }))).rejects.toThrow('INVALID_LEVERAGE')
  })

  it('closes in the books at a given exit price and reason, and has its protection cancelled', async () => {
    const actions = new RecordingActions()
    tracker.setActions(actions)
    await tracker.applyFill(entryFill({ orderSide: 'sell' }))
    const closed = await tracker.closePosition(POSITION, d('44000'), 'manual')
    expect(actions.closedWithoutOrders).toEqual([closed])
    // short: (45000 − 44000) × 0.1 − 4.5 entry fees
    expect(closed.realizedPnl.toString()).toBe('95.5')
    expect(closed.exitPrice?.toString()).toBe('44000')
    expect(closed.closeReason).toBe('manual')
    await expect(tracker.closePosition(POSITION, d('1'), 'again')).rejects.toThrow(
      'POSITION_NOT_OPEN',
    )
    expect((await tracker.closedPositions()).map((p) => p.id)).toEqual([POSITION])
    expect((await tracker.get(POSITION))?.status).toBe('closed')
  })

  it('refuses a negative exit price', async () => {
    await tracker.applyFill(entryFill())
    await expect(tracker.closePosition(POSITION, d('-1'), 'manual')).rejects.toThrow(
      'INVALID_EXIT_PRICE',
    )
  })

  it('modifies stop-loss and take-profit and asks for new protective orders', async () => {
    const actions = new RecordingActions()
    tracker.setActions(actions)
    await tracker.applyFill(entryFill())
    const modified = await tracker.modifyProtection(POSITION, {
      stopLoss: d('44500'),
      takeProfit: null,
    })
    expect(modified.stopLoss?.toString()).toBe('44500')
    expect(modified.takeProfit).toBeNull()
    expect(actions.changes.map((p) => p.id)).toEqual([POSITION])
    expect((await repos.positions.findById(POSITION))?.stopLoss?.toString()).toBe('44500')
    expect(events.ofType('position.protection_changed')[0]?.payload).toEqual({
      stop_loss: '44500',
      take_profit: null,
    })
    const kept = await tracker.modifyProtection(POSITION, {})
    expect(kept.stopLoss?.toString()).toBe('44500')
  })

  it('turns the trailing stop off with a stop-loss taken off, in the same save; other changes keep it', async () => {
    await tracker.applyFill(entryFill({ stopLoss: d('44000') }))
    prices.setPrice('BTC/USDT', d('46000'), T0)
    await tracker.monitor()
    expect((await tracker.get(POSITION))?.trailingStop.isActive).toBe(true)
    const moved = await tracker.modifyProtection(POSITION, {
      stopLoss: d('45500'),
      takeProfit: null,
    })
    expect(moved.trailingStop).toMatchObject({ isEnabled: true, isActive: true })

    const saved = vi.spyOn(repos.positions, 'save')
    const removed = await tracker.modifyProtection(POSITION, { stopLoss: null })
    expect(removed.stopLoss).toBeNull()
    expect(removed.trailingStop).toMatchObject({
      isEnabled: false,
      isActive: false,
      extremePrice: null,
    })
    expect(saved).toHaveBeenCalledTimes(1)
    expect((await repos.positions.findById(POSITION))?.trailingStop.isEnabled).toBe(false)
    // Off, it sets no new stop-loss as the price rises.
    prices.setPrice('BTC/USDT', d('47000'), T0)
    await tracker.monitor()
    expect((await tracker.get(POSITION))?.stopLoss).toBeNull()
  })

  it("puts modified levels on the market's tick when it knows it", async () => {
    tracker = new PositionTracker({
      ...trackerOptions(),
      priceStep: (symbol) => (symbol === 'BTC/USDT' ? d('0.1') : null),
    })
    await tracker.applyFill(entryFill())
    const modified = await tracker.modifyProtection(POSITION, {
      stopLoss: d('44500.04'),
      takeProfit: d('46000.05'),
    })
    expect([modified.stopLoss?.toString(), modified.takeProfit?.toString()]).toEqual([
      '44500',
      '46000.1',
    ])
  })

  it('records protective order ids', async () => {
    await tracker.applyFill(entryFill())
    await tracker.setProtectionOrders(POSITION, {
      stopLossOrderId: '00000000-0000-4000-8000-000000000051',
    })
    const both = await tracker.setProtectionOrders(POSITION, {
      takeProfitOrderId: '00000000-0000-4000-8000-000000000052',
    })
    expect(both?.stopLossOrderId).toBe('00000000-0000-4000-8000-000000000051')
    expect(both?.takeProfitOrderId).toBe('00000000-0000-4000-8000-000000000052')
    expect(await tracker.setProtectionOrders('00000000-0000-4000-8000-0000000000ff', {})).toBeNull()
  })

  it('enables a trailing stop with a custom distance and disables it', async () => {
    await tracker.applyFill(entryFill())
    const enabled = await tracker.enableTrailingStop(POSITION, d('2'))
    expect(enabled.trailingStop.distancePct.toString()).toBe('2')
    const kept = await tracker.enableTrailingStop(POSITION)
    expect(kept.trailingStop.distancePct.toString()).toBe('2')
    const disabled = await tracker.disableTrailingStop(POSITION)
    expect(disabled.trailingStop.isEnabled).toBe(false)
    await expect(
      tracker.enableTrailingStop('00000000-0000-4000-8000-0000000000ff'),
    ).rejects.toThrow('POSITION_NOT_OPEN')
  })

  it('names a stop-out after the trailing stop moved the stop a trailing stop; a plain one a stop loss', async () => {
    // XRP's stop-loss is hit before its trailing stop activated.
    await tracker.applyFill(
      xrpEntryFill({ averagePrice: d('1'), stopLoss: d('0.9'), takeProfit: null }),
    )
    prices.setPrice('XRP/USDT', d('0.95'), T0)
    await tracker.applyFill(entryFill({ stopLoss: d('44000'), takeProfit: null }))
    prices.setPrice('BTC/USDT', d('46000'), T0)
    await tracker.monitor()
    const plain = await tracker.applyFill(
      exitFill('x-plain', {
        positionId: XRP_POSITION,
        symbol: 'XRP/USDT',
        averagePrice: d('0.9'),
        reason: 'stop_loss',
      }),
    )
    const trailed = await tracker.applyFill(
      exitFill('x-trailed', { averagePrice: d('45310'), reason: 'stop_loss' }),
    )
    expect(plain.position?.closeReason).toBe('stop_loss')
    expect(trailed.position?.closeReason).toBe('trailing_stop')
    expect(events.ofType('position.closed').map((event) => event.payload.reason)).toEqual([
      'stop_loss',
      'trailing_stop',
    ])
  })

  it('trails the stop on the monitor and hands the moved stop to the order manager', async () => {
    const actions = new RecordingActions()
    tracker.setActions(actions)
    await tracker.applyFill(entryFill({ stopLoss: d('44000'), takeProfit: null }))
    prices.setPrice('BTC/USDT', d('45200'), T0)
    await tracker.monitor()
    expect(actions.changes).toHaveLength(0)
    prices.setPrice('BTC/USDT', d('46000'), T0)
    await tracker.monitor()
    // 46000 × 0.985 = 45310
    expect(actions.changes.map((p) => p.stopLoss?.toString())).toEqual(['45310'])
    expect(events.ofType('trailing_stop.moved')[0]?.payload).toMatchObject({
      stop_loss: '45310',
      previous_stop_loss: '44000',
      price: '46000',
    })
    prices.setPrice('BTC/USDT', d('45300'), T0)
    await tracker.monitor()
    expect(actions.closes).toEqual([[POSITION, 'stop_loss', '45300']])
  })

  it('saves nothing and keeps its revision while an active trailing stop does not move', async () => {
    await tracker.applyFill(entryFill({ stopLoss: d('44000'), takeProfit: null }))
    prices.setPrice('BTC/USDT', d('46000'), T0)
    await tracker.monitor()
    const revision = tracker.revision
    const saved = vi.spyOn(repos.positions, 'save')
    prices.setPrice('BTC/USDT', d('45900'), T0)
    await tracker.monitor()
    await tracker.monitor()
    // A changed revision makes the order manager reconcile with the exchange again.
    expect(tracker.revision).toBe(revision)
    expect(saved).not.toHaveBeenCalled()
    expect((await tracker.get(POSITION))?.stopLoss?.toString()).toBe('45310')
  })

  it('acts on the price that reaches a level no exchange order holds, without waiting for the monitor', async () => {
    const actions = new RecordingActions()
    tracker.setActions(actions)
    await tracker.applyFill(entryFill())
    // The stop-loss rests on the exchange; the take-profit is the tracker's to watch (a spot
    // position on Kraken, whose trigger orders hold the coins, rests only one of them).
    await tracker.setProtectionOrders(POSITION, {
      stopLossOrderId: '00000000-0000-4000-8000-000000000051',
    })
    tracker.start()
    prices.setPrice('BTC/USDT', d('43900'), T0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(actions.closes).toEqual([])
    prices.setPrice('BTC/USDT', d('47050'), T0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(actions.closes).toEqual([[POSITION, 'take_profit', '47050']])
    // Stopped, it no longer watches.
    tracker.stop()
    prices.setPrice('BTC/USDT', d('47100'), T0)
    await new Promise((resolve) => setImmediate(resolve))
    expect(actions.closes).toHaveLength(1)
  })

  it('goes on with the other positions when acting on one of them fails', async () => {
    const other = '00000000-0000-4000-8000-00000000000b'
    const actions = new RecordingActions()
    const failing: PositionActions = {
      closeTriggered: async (position, trigger, price) => {
        if (position.id === POSITION) throw new Error('exchange refused')
        await actions.closeTriggered(position, trigger, price)
      },
      protectionChanged: async (position) => {
        if (position.id === POSITION) throw new Error('exchange refused')
        await actions.protectionChanged(position)
      },
      closedWithoutOrder: (position) => actions.closedWithoutOrder(position),
    }
    tracker.setActions(failing)
    await tracker.applyFill(entryFill({ stopLoss: d('44000'), takeProfit: d('46500') }))
    await tracker.applyFill(
      entryFill({
        positionId: other,
        orderId: '00000000-0000-4000-8000-0000000000e2',
        symbol: 'XRP/USDT',
        averagePrice: d('0.6'),
        filledSize: d('100'),
        fee: d('0.06'),
        stopLoss: d('0.55'),
        takeProfit: null,
      }),
    )
    // BTC's stop trails and its target is reached, both refused; XRP's stop is reached.
    prices.setPrice('BTC/USDT', d('46600'), T0)
    prices.setPrice('XRP/USDT', d('0.54'), T0)
    await tracker.monitor()
    expect(actions.closes).toEqual([[other, 'stop_loss', '0.54']])
  })

  it('closes a triggered position itself when no order manager is attached', async () => {
    await tracker.applyFill(entryFill())
    prices.setPrice('BTC/USDT', d('47100'), T0)
    expect(tracker.checkTriggers().map((t) => t.trigger)).toEqual(['take_profit'])
    await tracker.monitor()
    const closed = await tracker.get(POSITION)
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'take_profit' })
    expect(closed?.exitPrice?.toString()).toBe('47100')
  })

  it('writes snapshots on its interval for positions with a price', async () => {
    await tracker.applyFill(entryFill())
    await tracker.applyFill(xrpEntryFill())
    tracker.start()
    prices.setPrice('BTC/USDT', d('45500'), T0)
    await clock.advance(60_000)
    await clock.advance(60_000)
    await new Promise((resolve) => setImmediate(resolve))
    const snapshots = await repos.snapshots.forPosition(POSITION)
    expect(snapshots.map((s) => s.timestampMs)).toEqual([T0 + 60_000, T0 + 120_000])
    // (45500 − 45000) × 0.1 − 4.5
    expect(snapshots[0]?.unrealizedPnl.toString()).toBe('45.5')
    expect(await repos.snapshots.forPosition(XRP_POSITION)).toEqual([])
    expect(tracker.unrealized(tracker.openPositions('BTC/USDT')[0]!).pnl.toString()).toBe('45.5')
  })

  it('sums exposure as notional size × price, at entry when no price is known', async () => {
    await tracker.applyFill(entryFill())
    await tracker.applyFill(
      xrpEntryFill({ filledSize: d('1000'), averagePrice: d('0.6'), leverage: 1 }),
    )
    prices.setPrice('BTC/USDT', d('46000'), T0)
    const exposure = tracker.exposure()
    expect(exposure.bySymbol['BTC/USDT']?.toString()).toBe('4600')
    expect(exposure.bySymbol['XRP/USDT']?.toString()).toBe('600')
    expect(exposure.total.toString()).toBe('5200')
  })

  it("counts the margin positions' P&L before fees as unsettled, not the spot positions'", async () => {
    // A 2x long of 0.1 BTC at 45,000 (its 4.5 fee is out of the balance already) and a spot
    // short of XRP, whose sold coins the balances hold.
    await tracker.applyFill(entryFill())
    await tracker.applyFill(
      xrpEntryFill({
        orderSide: 'sell',
        filledSize: d('1000'),
        averagePrice: d('0.6'),
        leverage: 1,
        stopLoss: d('0.7'),
        takeProfit: d('0.5'),
      }),
    )
    prices.setPrice('BTC/USDT', d('44000'), T0)
    prices.setPrice('XRP/USDT', d('0.5'), T0)
    expect(tracker.unsettledMarginPnl().toString()).toBe('-100')
    // A short on margin gains as the price falls; none is known for it: at entry, nothing.
    await tracker.applyFill(
      entryFill({
        positionId: '00000000-0000-4000-8000-00000000000d',
        orderId: 'e-e',
        symbol: 'ETH/USDT',
        orderSide: 'sell',
        filledSize: d('2'),
        averagePrice: d('3000'),
        leverage: 3,
        stopLoss: d('3100'),
        takeProfit: d('2800'),
      }),
    )
    expect(tracker.unsettledMarginPnl().toString()).toBe('-100')
    prices.setPrice('ETH/USDT', d('2900'), T0)
    expect(tracker.unsettledMarginPnl().toString()).toBe('100')
  })

  it('reloads open positions after a restart', async () => {
    await tracker.applyFill(entryFill())
    const restarted = makeTracker()
    await restarted.load()
    expect(restarted.openPositions().map((p) => p.id)).toEqual([POSITION])
  })

  it('logs and survives a failing timer task', async () => {
    let attempts = 0
    const failing = {
      insertMany: async () => {
        attempts++
        throw new Error('disk full')
      },
    } as unknown as typeof repos.snapshots
    tracker = makeTracker(10, failing)
    await tracker.applyFill(entryFill())
    prices.setPrice('BTC/USDT', d('45100'), T0)
    tracker.start()
    await clock.advance(120_000)
    await new Promise((resolve) => setImmediate(resolve))
    expect(attempts).toBe(2)
    tracker.stop()
    expect(clock.pendingTimers()).toBe(0)
  })
})
