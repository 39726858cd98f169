import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src-shared/contract'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import type { Position } from '../../../src-main/engine/execution/position'
import type { SnapshotInput } from '../../../src-main/engine/portfolio/portfolio-service'
import type { BrokerBalance } from '../../../src-main/engine/execution'
import { ManualPriceSource } from '../../../src-main/engine/execution/manual-price-source'
import { AccountPortfolioSource } from '../../../src-main/engine/wiring/portfolio-context-source'
import { PortfolioSnapshotRecorder } from '../../../src-main/engine/wiring/portfolio-snapshot-recorder'
import { aPosition } from '../execution/position-builder'

const d = (value: string | number) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 6, 12)

/**
 * Only the parts the recorder reads, recording what it did with them; `listeners` UIs listen,
 * `unpricedMarkets` are the markets of held assets without a price, unless a real `account`
 * values the balances.
 */
function anEngine(
  listeners: number,
  unpricedMarkets: string[] = [],
  account?: Pick<AccountPortfolioSource, 'valuation'>,
) {
  const positions = [aPosition({ id: 'btc' }), aPosition({ id: 'xrp', symbol: 'XRP/USDT' })]
  const unrealized: Record<string, Decimal> = { btc: d('12.5'), xrp: d('-2.25') }
  const balances: Record<string, BrokerBalance> = {
    USDT: { total: d('10006.25'), free: d('10006.25'), used: d('0') },
  }
  const seen = {
    balances,
    balanceReads: 0,
    snapshots: [] as SnapshotInput[],
    valued: [] as unknown[],
    events: [] as EngineEvent[],
    riskEquity: [] as string[],
  }
  const parts = {
    broker: {
      fetchBalances: () => {
        seen.balanceReads++
        return Promise.resolve(balances)
      },
    },
    positions: {
      openPositions: () => positions,
      unrealized: (position: Position) => ({ pnl: unrealized[position.id] }),
    },
    portfolio: {
      service: {
        recordSnapshot: (input: SnapshotInput) => Promise.resolve(void seen.snapshots.push(input)),
      },
    },
    risk: {
      state: () => ({ daily: { realizedPnl: d('-4') } }),
      updateEquity: (equity: Decimal) =>
        Promise.resolve(void seen.riskEquity.push(equity.toFixed())),
    },
    account: {
      valuation: (read: typeof balances) => {
        seen.valued.push(read)
        return (
          account?.valuation(read) ?? {
            equity: read['USDT']!.total,
            marginPnl: d('0'),
            unpricedMarkets,
          }
        )
      },
    },
    events: { size: () => listeners, emit: (event: EngineEvent) => seen.events.push(event) },
    clock: new VirtualClock(T0),
  } as unknown as EngineParts
  return { recorder: new PortfolioSnapshotRecorder(parts), seen }
}

describe('PortfolioSnapshotRecorder', () => {
  it("records today's P&L with the snapshot and tells the UI the account's equity, from one balance read", async () => {
    const { recorder, seen } = anEngine(1)
    await recorder.record()

    expect(
      seen.snapshots.map((input) => [input.realizedPnl?.toFixed(), input.unrealizedPnl?.toFixed()]),
    ).toEqual([['-4', '10.25']])
    expect(seen.balanceReads).toBe(1)
    expect(seen.snapshots[0]?.balances).toBe(seen.balances)
    expect(seen.valued).toEqual([seen.balances])
    expect(seen.events).toEqual([
      { type: 'equity.updated', at: T0, equity: '10006.25', dailyPnl: '6.25' },
    ])
  })

  it('records the snapshot and feeds the risk engine, but sends no event while no one listens', async () => {
    const { recorder, seen } = anEngine(0)
    await recorder.record()

    expect(seen.snapshots).toHaveLength(1)
    expect(seen.snapshots[0]?.unrealizedPnl?.toFixed()).toBe('10.25')
    expect(seen.riskEquity).toEqual(['10006.25'])
    expect(seen.events).toEqual([])
  })

  it('gives the risk engine the equity of the balances it read, every time', async () => {
    const { recorder, seen } = anEngine(1)
    await recorder.record()
    seen.balances.USDT = { total: d('9000'), free: d('9000'), used: d('0') }
    await recorder.record()

    expect(seen.riskEquity).toEqual(['10006.25', '9000'])
  })

  it('records, feeds and shows nothing while a followed market has no price yet', async () => {
    const { recorder, seen } = anEngine(1, ['XRP/USDT'])
    await recorder.record()

    // Without XRP the equity would read as a drawdown that did not happen: in the stored
    // curve, at the drawdown breaker and in the status bar.
    expect(seen.riskEquity).toEqual([])
    expect(seen.snapshots).toEqual([])
    expect(seen.events).toEqual([])
  })

  it('feeds the equity when only assets of markets the engine does not follow lack a price', async () => {
    const account = new AccountPortfolioSource({
      broker: { fetchBalances: () => Promise.resolve({}) },
      prices: new ManualPriceSource(),
      tracker: { openPositions: () => [], unsettledMarginPnl: () => d('0') },
      orders: { unfilledEntries: () => [] },
      quoteAsset: 'USDT',
      feeRate: d('0.0026'),
      followedMarkets: ['BTC/USDT', 'XRP/USDT', 'XRP/BTC'],
    })
    const { recorder, seen } = anEngine(0, [], account)
    seen.balances['DOGE'] = { total: d('500'), free: d('500'), used: d('0') }
    await recorder.record()

    expect(seen.riskEquity).toEqual(['10006.25'])
  })

  it("counts open margin positions' P&L, which the balances do not hold yet, in the equity it records, feeds and shows", async () => {
    // A 5x short lost 2,500: the exchange settles it into USDT only when the short is reduced.
    const account = new AccountPortfolioSource({
      broker: { fetchBalances: () => Promise.resolve({}) },
      prices: new ManualPriceSource(),
      tracker: { openPositions: () => [], unsettledMarginPnl: () => d('-2500') },
      orders: { unfilledEntries: () => [] },
      quoteAsset: 'USDT',
      feeRate: d('0.0026'),
    })
    const { recorder, seen } = anEngine(1, [], account)
    await recorder.record()

    expect(seen.riskEquity).toEqual(['7506.25'])
    expect(seen.snapshots[0]?.marginPnl?.toFixed()).toBe('-2500')
    expect(seen.events[0]).toMatchObject({ type: 'equity.updated', equity: '7506.25' })
  })
})
