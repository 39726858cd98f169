import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { ScheduledBatch } from '../../../src-main/engine/portfolio'
import { cancelScheduledRebalances } from '../../../src-main/engine/services/cancel-scheduled-rebalances'

/** A portfolio whose pending batches belong to `rebalances`; `failing` ones refuse to cancel. */
function aPortfolio(rebalances: Record<string, number>, failing: string[] = []) {
  const cancelledIds: string[] = []
  const pending = Object.entries(rebalances).flatMap(([rebalanceId, count]) =>
    Array.from({ length: count }, () => ({ rebalanceId }) as ScheduledBatch),
  )
  return {
    cancelledIds,
    service: {
      pendingBatches: () => Promise.resolve(pending),
      cancelRebalance: (rebalanceId: string) => {
        if (failing.includes(rebalanceId)) return Promise.reject(new Error('store is gone'))
        cancelledIds.push(rebalanceId)
        return Promise.resolve(rebalances[rebalanceId] ?? 0)
      },
    },
  }
}

describe('cancelScheduledRebalances', () => {
  it('cancels every rebalance with pending batches once, and counts the batches', async () => {
    const { service, cancelledIds } = aPortfolio({ r1: 3, r2: 2 })
    expect(await cancelScheduledRebalances(service, silentLogger())).toEqual({
      cancelled: 5,
      errors: [],
    })
    expect(cancelledIds).toEqual(['r1', 'r2'])
  })

  it('reports a rebalance it could not cancel and goes on with the others', async () => {
    const { service } = aPortfolio({ r1: 3, r2: 2 }, ['r1'])
    expect(await cancelScheduledRebalances(service, silentLogger())).toEqual({
      cancelled: 2,
      errors: ['rebalance r1: store is gone'],
    })
  })

  it('reports batches it could not read, never throwing', async () => {
    const service = {
      pendingBatches: () => Promise.reject(new Error('no store')),
      cancelRebalance: () => Promise.resolve(0),
    }
    expect(await cancelScheduledRebalances(service, silentLogger())).toEqual({
      cancelled: 0,
      errors: ['scheduled rebalance batches: no store'],
    })
  })
})
