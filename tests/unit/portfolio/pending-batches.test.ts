import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { PendingBatches } from '../../../src-main/engine/portfolio/pending-batches'
import type { ScheduledBatch } from '../../../src-main/engine/portfolio/scheduled-batch'

const T0 = Date.UTC(2025, 0, 6, 12)
const HOUR = 3_600_000

function aBatch(id: string, dueAtMs: number, priority = 1, batchIndex = 0): ScheduledBatch {
  return {
    id,
    rebalanceId: 'r',
    symbol: 'BTC/USDT',
    side: 'sell',
    amountUsd: new Decimal('100'),
    executionType: 'limit',
    priority,
    batchIndex,
    batchCount: 6,
    dueAtMs,
    status: 'pending',
    correlationId: null,
    orderId: null,
    error: null,
    createdAtMs: T0,
    executedAtMs: null,
  }
}

describe('PendingBatches', () => {
  it('reads the store once, however many ask at the same time', async () => {
    let reads = 0
    const batches = new PendingBatches(async () => {
      reads++
      return [aBatch('b', T0 + HOUR)]
    })
    expect(() => batches.all()).toThrow('pending batches used before they were read')
    await Promise.all([batches.ready(), batches.ready()])
    await batches.ready()
    expect(reads).toBe(1)
    expect(batches.all().map((batch) => batch.id)).toEqual(['b'])
  })

  it('reads again after a failed read', async () => {
    let reads = 0
    const batches = new PendingBatches(async () => {
      reads++
      if (reads === 1) throw new Error('connection reset')
      return []
    })
    await expect(batches.ready()).rejects.toThrow('connection reset')
    await batches.ready()
    expect(reads).toBe(2)
    expect(batches.nextDueAtMs()).toBeNull()
  })

  it('lists batches in execution order, the due ones and the next due time, as they are added and removed', async () => {
    const batches = new PendingBatches(async () => [aBatch('later', T0 + HOUR)])
    await batches.ready()
    batches.add([aBatch('buy', T0, 2), aBatch('sell-2', T0, 1, 1), aBatch('sell-1', T0, 1, 0)])
    expect(batches.all().map((batch) => batch.id)).toEqual(['sell-1', 'sell-2', 'buy', 'later'])
    expect(batches.dueBy(T0).map((batch) => batch.id)).toEqual(['sell-1', 'sell-2', 'buy'])
    expect(batches.nextDueAtMs()).toBe(T0)
    batches.remove(['sell-1', 'sell-2', 'buy', 'unknown'])
    expect(batches.dueBy(T0)).toEqual([])
    expect(batches.nextDueAtMs()).toBe(T0 + HOUR)
  })
})
