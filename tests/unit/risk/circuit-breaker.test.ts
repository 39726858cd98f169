import { describe, expect, it } from 'vitest'
import {
  BREAKER_TRANSITIONS,
  transitionBreaker,
  type BreakerEvent,
  type BreakerStatus,
} from '../../../src-main/engine/risk'

describe('transitionBreaker', () => {
  it.each<[BreakerStatus, BreakerEvent, BreakerStatus | null]>([
    ['armed', 'trip', 'tripped'],
    ['armed', 'expire', null],
    ['armed', 'manual_reset', null],
    ['tripped', 'trip', 'tripped'],
    ['tripped', 'expire', 'armed'],
    ['tripped', 'manual_reset', 'armed'],
  ])('%s + %s → %s', (status, event, expected) => {
    const transition = transitionBreaker(status, event)
    if (expected === null) {
      expect(transition).toEqual({
        ok: false,
        error: `breaker transition refused: status=${status} event=${event}`,
      })
    } else {
      expect(transition).toEqual({ ok: true, status: expected })
    }
  })

  it('has a row for every status and a cell for every event', () => {
    expect(Object.keys(BREAKER_TRANSITIONS).sort()).toEqual(['armed', 'tripped'])
    for (const row of Object.values(BREAKER_TRANSITIONS)) {
      expect(Object.keys(row).sort()).toEqual(['expire', 'manual_reset', 'trip'])
    }
  })
})
