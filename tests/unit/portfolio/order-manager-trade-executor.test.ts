import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import type { ExecutionRequest } from '../../../src-main/engine/execution/execution-request'
import { failure, type ExecutionResult } from '../../../src-main/engine/execution/execution-result'
import type { Order } from '../../../src-main/engine/execution/order'
import {
  OrderManagerTradeExecutor,
  type RebalanceExecutionRequest,
} from '../../../src-main/engine/portfolio'

const request: RebalanceExecutionRequest = {
  requestId: 'batch-1',
  symbol: 'XRP/USDT',
  side: 'buy',
  size: new Decimal('127.55'),
  amountUsd: new Decimal('76.53'),
  orderType: 'limit',
  limitPrice: new Decimal('0.6'),
  leverage: 1,
  correlationId: 'corr-1',
  role: 'rebalance',
}

/** An order manager that records requests and cancels, answers as told, with these orders open. */
function aManager(result: ExecutionResult, open: readonly Order[] = []) {
  const requests: ExecutionRequest[] = []
  const cancelled: string[] = []
  return {
    requests,
    cancelled,
    manager: {
      execute: async (sent: ExecutionRequest) => {
        requests.push(sent)
        return result
      },
      openOrders: () => [...open],
      cancelOrder: async (orderId: string) => {
        cancelled.push(orderId)
        return result
      },
    },
  }
}

describe('OrderManagerTradeExecutor', () => {
  it('sends a spot order of role rebalance, the limit price only for limit orders', async () => {
    const { manager, requests } = aManager(failure('NOT_SYNCED', 'start() first'))
    const executor = new OrderManagerTradeExecutor(manager)
    await executor.execute(request)
    await executor.execute({ ...request, orderType: 'market' })
    expect(requests).toEqual([
      {
        symbol: 'XRP/USDT',
        side: 'buy',
        size: new Decimal('127.55'),
        orderType: 'limit',
        limitPrice: new Decimal('0.6'),
        leverage: 1,
        correlationId: 'corr-1',
        role: 'rebalance',
      },
      {
        symbol: 'XRP/USDT',
        side: 'buy',
        size: new Decimal('127.55'),
        orderType: 'market',
        leverage: 1,
        correlationId: 'corr-1',
        role: 'rebalance',
      },
    ])
  })

  it('returns a refusal as its coded message', async () => {
    const { manager } = aManager(failure('INSUFFICIENT_FUNDS', 'asset=USDT free=1'))
    expect(await new OrderManagerTradeExecutor(manager).execute(request)).toEqual({
      success: false,
      error: 'INSUFFICIENT_FUNDS: asset=USDT free=1',
    })
  })

  it('keeps the order id of an order the exchange rejected', async () => {
    const order = { id: 'order-9' } as Order
    const { manager } = aManager(failure('ORDER_REJECTED', 'EOrder:Insufficient funds', order))
    expect(await new OrderManagerTradeExecutor(manager).execute(request)).toEqual({
      success: false,
      error: 'ORDER_REJECTED: EOrder:Insufficient funds',
      orderId: 'order-9',
    })
  })

  it('lists the open orders of role rebalance only, and cancels by order id', async () => {
    const open = [
      { id: 'order-1', symbol: 'BTC/USDT', side: 'buy', role: 'entry' },
      { id: 'order-2', symbol: 'XRP/USDT', side: 'sell', role: 'rebalance' },
      { id: 'order-3', symbol: 'BTC/USDT', side: 'sell', role: 'stop-loss' },
    ] as Order[]
    const cancelledOrder = { id: 'order-2' } as Order
    const { manager, cancelled } = aManager(
      { success: true, order: cancelledOrder, position: null },
      open,
    )
    const executor = new OrderManagerTradeExecutor(manager)
    expect(executor.openOrders()).toEqual([
      { orderId: 'order-2', symbol: 'XRP/USDT', side: 'sell' },
    ])
    expect(await executor.cancel('order-2')).toEqual({ success: true, orderId: 'order-2' })
    expect(cancelled).toEqual(['order-2'])
  })
})
