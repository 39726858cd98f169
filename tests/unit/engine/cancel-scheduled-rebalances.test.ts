import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { cancelScheduledRebalances } from '../../../src-main/engine/services/cancel-scheduled-rebalances'

describe('cancelScheduledRebalances', () => {
  it('cancels every pending batch for the kill switch, and counts them', async () => {
    const reasons: string[] = []
    const service = {
      cancelAllBatches: (reason: string) => {
        reasons.push(reason)
        return Promise.resolve(5)
      },
    }
    expect(await cancelScheduledRebalances(service, silentLogger())).toEqual({
      cancelled: 5,
      errors: [],
    })
    expect(reasons).toEqual(['kill switch'])
  })

  it('reports batches it could not cancel, never throwing', async () => {
    const service = { cancelAllBatches: () => Promise.reject(new Error('no store')) }
    expect(await cancelScheduledRebalances(service, silentLogger())).toEqual({
      cancelled: 0,
      errors: ['scheduled rebalance batches: no store'],
    })
  })
})
