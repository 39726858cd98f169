import { describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../../src-shared/contract'
import { eventIdentity } from '../../../../src-renderer/src/format/event-identity'
import { events } from '../../../helpers/renderer/builders'

/** Returns a copy with every object's keys in reverse order. */
const reversed = (value: unknown): unknown =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .reverse()
          .map(([key, inner]) => [key, reversed(inner)]),
      )
    : value

describe('eventIdentity', () => {
  it('is the same for two copies of an event whatever their key order', () => {
    const pushed = events.orderFilled({ id: 'ord-1' })
    const copy = reversed(pushed) as EngineEvent
    expect(JSON.stringify(copy)).not.toBe(JSON.stringify(pushed))
    expect(eventIdentity(copy)).toBe(eventIdentity(pushed))
  })

  it('differs for events that differ anywhere', () => {
    expect(eventIdentity(events.orderFilled({ id: 'ord-1' }))).not.toBe(
      eventIdentity(events.orderFilled({ id: 'ord-2' })),
    )
    expect(eventIdentity(events.notice('a', 'info', 1))).not.toBe(
      eventIdentity(events.notice('a', 'info', 2)),
    )
  })
})
