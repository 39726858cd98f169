import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { ExecutionEvent, ExecutionEventType } from '../../../src-main/engine/execution'
import { createLogger } from '../../../src-main/engine/logging/logger'
import type { TradeResult } from '../../../src-main/engine/risk'
import { riskTradeResults } from '../../../src-main/engine/wiring/risk-trade-results'

const T0 = Date.UTC(2025, 0, 6, 12)

function anEvent(type: ExecutionEventType, payload: Record<string, unknown>): ExecutionEvent {
  return {
    type,
    timestampMs: T0,
    orderId: 'order-1',
    positionId: 'position-1',
    symbol: 'BTC/USDT',
    correlationId: 'corr-1',
    payload,
  }
}

/** The wiring on a risk engine that records what it is told, and a logger whose lines are kept. */
function aFeed(fails = false) {
  const results: TradeResult[] = []
  const lines: { msg: string; positionId?: string }[] = []
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
  })
  const feed = riskTradeResults(
    {
      recordTradeResult: (result) => {
        if (fails) return Promise.reject(new Error('store is gone'))
        results.push(result)
        return Promise.resolve()
      },
    },
    logger,
  )
  return { feed, results, lines }
}

describe('riskTradeResults', () => {
  it("tells the risk engine a closed position's whole realised P&L, with its symbol and correlation id", async () => {
    const { feed, results } = aFeed()
    await feed.publish(anEvent('position.closed', { realized_pnl: '-12.3456', reason: 'stop' }))

    expect(results).toEqual([
      { symbol: 'BTC/USDT', realizedPnl: new Decimal('-12.3456'), correlationId: 'corr-1' },
    ])
  })

  it('counts nothing before the position is closed: a partial close or a fill is not a trade', async () => {
    const { feed, results } = aFeed()
    for (const type of ['position.opened', 'position.reduced', 'order.filled'] as const) {
      await feed.publish(anEvent(type, { realized_pnl: '5' }))
    }
    expect(results).toEqual([])
  })

  it('logs a result the risk engine cannot take in, and does not fail the close', async () => {
    const broken = aFeed(true)
    await expect(
      broken.feed.publish(anEvent('position.closed', { realized_pnl: '1' })),
    ).resolves.toBeUndefined()
    const garbled = aFeed()
    await expect(
      garbled.feed.publish(anEvent('position.closed', { realized_pnl: 'lots' })),
    ).resolves.toBeUndefined()

    const logged = { msg: 'risk engine could not take in a closed trade', positionId: 'position-1' }
    expect(broken.lines).toMatchObject([logged])
    expect(garbled.lines).toMatchObject([logged])
    expect(garbled.results).toEqual([])
  })
})
