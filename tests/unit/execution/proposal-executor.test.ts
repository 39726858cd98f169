import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { ProposalExecutor } from '../../../src-main/engine/execution/proposal-executor'
import type { TradeProposal } from '../../../src-main/engine/risk/trade-proposal'
import type { Store } from '../../../src-main/engine/store'
import { executionHarness, truncateExecutionTables } from '../../helpers/execution-kit'
import { useMemoryStore } from '../../helpers/test-store'

const d = (value: Decimal.Value) => new Decimal(value)
const T0 = Date.UTC(2025, 0, 1)

function aProposal(fields: Partial<TradeProposal> = {}): TradeProposal {
  return {
    symbol: 'BTC/USDT',
    action: 'BUY',
    side: 'long',
    size: d('0.05'),
    entryPrice: d('45000'),
    stopLoss: d('44000'),
    takeProfit: d('47000'),
    leverage: 2,
    confidence: 0.8,
    ...fields,
  }
}

describe('ProposalExecutor (coordinator → order manager)', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened), truncateExecutionTables)

  async function setup(defaultType: 'market' | 'limit') {
    const harness = executionHarness({ store })
    harness.prices.setPrice('BTC/USDT', d('45000'), T0)
    await harness.manager.sync()
    return {
      ...harness,
      executor: new ProposalExecutor({
        manager: harness.manager,
        tracker: harness.tracker,
        defaultType,
      }),
    }
  }

  it('sends a BUY as a market entry with its protection and correlation id', async () => {
    const { executor, manager, tracker } = await setup('market')
    const report = await executor.execute(aProposal(), 'sig-9')
    expect(report.success).toBe(true)
    const order = await manager.getOrder(report.orderId!)
    expect(order).toMatchObject({
      type: 'market',
      side: 'buy',
      role: 'entry',
      correlationId: 'sig-9',
      leverage: 2,
    })
    expect(tracker.openPositions()[0]?.stopLoss?.toString()).toBe('44000')
  })

  it('sends a SELL as a limit entry at the entry price when limit is the default', async () => {
    const { executor, manager } = await setup('limit')
    const report = await executor.execute(
      aProposal({ action: 'SELL', side: 'short', stopLoss: d('46000'), takeProfit: null }),
      'sig-2',
    )
    const order = await manager.getOrder(report.orderId!)
    expect(order).toMatchObject({ type: 'limit', side: 'sell', status: 'FILLED' })
    expect(order?.price?.toString()).toBe('45000')
  })

  it('closes the positions of the side on CLOSE, and reports refusals as data', async () => {
    const { executor, tracker } = await setup('market')
    expect(await executor.execute(aProposal({ action: 'CLOSE' }), 'c-0')).toMatchObject({
      success: false,
      error: 'POSITION_NOT_FOUND: symbol=BTC/USDT side=long',
    })
    await executor.execute(aProposal(), 'sig-1')
    const closed = await executor.execute(aProposal({ action: 'CLOSE' }), 'c-1')
    expect(closed.success).toBe(true)
    expect(tracker.openPositions()).toEqual([])
    expect(await executor.execute(aProposal({ size: null }), 'x')).toMatchObject({ success: false })
    expect(await executor.execute(aProposal({ leverage: 9 }), 'x')).toMatchObject({
      success: false,
      error: expect.stringContaining('INVALID_REQUEST'),
    })
  })

  it('reduces a position by the proposal size when reduce-only', async () => {
    const { executor, tracker } = await setup('market')
    await executor.execute(aProposal({ size: d('0.1') }), 'sig-1')
    const reduced = await executor.execute(
      aProposal({ action: 'SELL', isReduceOnly: true, size: d('0.04') }),
      'r-1',
    )
    expect(reduced.success).toBe(true)
    expect(tracker.openPositions()[0]?.size.toString()).toBe('0.06')
  })

  it('closes every position of the side in full on CLOSE, whatever size the proposal carries', async () => {
    const { executor, tracker } = await setup('market')
    await executor.execute(aProposal({ size: d('0.05') }), 'sig-1')
    await executor.execute(aProposal({ size: d('0.1') }), 'sig-2')
    // As the coordinator builds a CLOSE: reduce-only, sized as the symbol's first position.
    const closed = await executor.execute(
      aProposal({ action: 'CLOSE', isReduceOnly: true, size: d('0.05') }),
      'c-1',
    )
    expect(closed.success).toBe(true)
    expect(tracker.openPositions()).toEqual([])
  })

  it('reduces the positions of the side by the proposal size in all, oldest first', async () => {
    const { executor, tracker } = await setup('market')
    await executor.execute(aProposal({ size: d('0.05') }), 'sig-1')
    await executor.execute(aProposal({ size: d('0.1') }), 'sig-2')
    const reduced = await executor.execute(
      aProposal({ action: 'SELL', isReduceOnly: true, size: d('0.07') }),
      'r-1',
    )
    expect(reduced.success).toBe(true)
    expect(tracker.openPositions().map((position) => position.size.toString())).toEqual(['0.08'])
  })

  it('reports a failed close', async () => {
    const { executor, manager } = await setup('market')
    await executor.execute(aProposal(), 'sig-1')
    const original = manager.closePosition.bind(manager)
    manager.closePosition = async (...args) =>
      ({
        ...(await original(...args)),
        success: false,
        code: 'BROKER_UNAVAILABLE',
        message: 'BROKER_UNAVAILABLE: x',
        order: null,
      }) as never
    expect(await executor.execute(aProposal({ action: 'CLOSE' }), 'c-1')).toMatchObject({
      success: false,
      error: 'BROKER_UNAVAILABLE: x',
    })
  })
})
