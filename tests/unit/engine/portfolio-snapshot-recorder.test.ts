import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src-shared/contract'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import type { Position } from '../../../src-main/engine/execution/position'
import type { SnapshotInput } from '../../../src-main/engine/portfolio/portfolio-service'
import { PortfolioSnapshotRecorder } from '../../../src-main/engine/wiring/portfolio-snapshot-recorder'
import { aPosition } from '../execution/position-builder'

const d = (value: string | number) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 6, 12)

describe('PortfolioSnapshotRecorder', () => {
  it("records today's P&L with the snapshot and tells the UI the account's equity, from one balance read", async () => {
    const positions = [aPosition({ id: 'btc' }), aPosition({ id: 'xrp', symbol: 'XRP/USDT' })]
    const unrealized: Record<string, Decimal> = { btc: d('12.5'), xrp: d('-2.25') }
    const snapshots: SnapshotInput[] = []
    const events: EngineEvent[] = []
    const balances = { USDT: { total: d('10006.25'), free: d('10006.25'), used: d('0') } }
    const valued: unknown[] = []
    let balanceReads = 0
    // Only what the recorder reads; the rest of the engine is not needed.
    const parts = {
      broker: {
        fetchBalances: () => {
          balanceReads++
          return Promise.resolve(balances)
        },
      },
      positions: {
        openPositions: () => positions,
        unrealized: (position: Position) => ({ pnl: unrealized[position.id] }),
      },
      portfolio: {
        service: {
          recordSnapshot: (input: SnapshotInput) => Promise.resolve(void snapshots.push(input)),
        },
      },
      risk: { state: () => ({ daily: { realizedPnl: d('-4') } }) },
      account: {
        equityOf: (read: typeof balances) => {
          valued.push(read)
          return read.USDT.total
        },
      },
      events: { emit: (event: EngineEvent) => events.push(event) },
      clock: new VirtualClock(T0),
    } as unknown as EngineParts

    await new PortfolioSnapshotRecorder(parts).record()

    expect(
      snapshots.map((input) => [input.realizedPnl?.toFixed(), input.unrealizedPnl?.toFixed()]),
    ).toEqual([['-4', '10.25']])
    expect(balanceReads).toBe(1)
    expect(snapshots[0]?.balances).toBe(balances)
    expect(valued).toEqual([balances])
    expect(events).toEqual([
      { type: 'equity.updated', at: T0, equity: '10006.25', dailyPnl: '6.25' },
    ])
  })
})
