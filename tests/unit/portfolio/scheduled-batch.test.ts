import { describe, expect, it } from 'vitest'
import {
  BATCH_EVENTS,
  BATCH_STATUSES,
  BATCH_TRANSITIONS,
  nextBatchStatus,
  transitionBatch,
  type BatchEvent,
  type BatchStatus,
} from '../../../src-main/engine/portfolio'

const allowed: [BatchStatus, BatchEvent, BatchStatus][] = [
  ['pending', 'start', 'executing'],
  ['pending', 'cancel', 'cancelled'],
  ['executing', 'succeed', 'executed'],
  ['executing', 'reject', 'rejected'],
  ['executing', 'defer', 'pending'],
  ['executing', 'fail', 'failed'],
  ['executing', 'interrupt', 'failed'],
]
const isAllowed = (status: BatchStatus, event: BatchEvent) =>
  allowed.some(([from, on]) => from === status && on === event)
const forbidden = BATCH_STATUSES.flatMap((status) =>
  BATCH_EVENTS.filter((event) => !isAllowed(status, event)).map(
    (event) => [status, event] as [BatchStatus, BatchEvent],
  ),
)

describe('the batch state machine', () => {
  it.each(allowed)('%s --%s--> %s', (status, event, next) => {
    expect(transitionBatch(status, event)).toEqual({ ok: true, status: next })
    expect(nextBatchStatus(status, event)).toBe(next)
  })

  it.each(forbidden)('refuses %s --%s-->', (status, event) => {
    expect(transitionBatch(status, event)).toEqual({
      ok: false,
      error: `BATCH_TRANSITION: status=${status} event=${event} is not allowed`,
    })
    expect(() => nextBatchStatus(status, event)).toThrow(`status=${status} event=${event}`)
  })

  it('covers every pair of the table', () => {
    expect(allowed.length + forbidden.length).toBe(BATCH_STATUSES.length * BATCH_EVENTS.length)
    const tablePairs = Object.values(BATCH_TRANSITIONS).reduce(
      (count, events) => count + Object.keys(events).length,
      0,
    )
    expect(tablePairs).toBe(allowed.length)
  })

  it.each(['executed', 'rejected', 'failed', 'cancelled'] as const)('%s is final', (status) => {
    expect(BATCH_TRANSITIONS[status]).toEqual({})
  })
})
