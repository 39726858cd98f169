import { describe, expect, it } from 'vitest'
import {
  IllegalOrderTransitionError,
  isTerminalStatus,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  transitionOrderStatus,
  type OrderStatus,
} from '../../../src-main/engine/execution/order-status'

const ALLOWED: ReadonlyArray<[OrderStatus, OrderStatus]> = [
  ['PENDING', 'OPEN'],
  ['PENDING', 'PARTIALLY_FILLED'],
  ['PENDING', 'FILLED'],
  ['PENDING', 'CANCELLED'],
  ['PENDING', 'EXPIRED'],
  ['PENDING', 'ERROR'],
  ['OPEN', 'PARTIALLY_FILLED'],
  ['OPEN', 'FILLED'],
  ['OPEN', 'CANCELLED'],
  ['OPEN', 'EXPIRED'],
  ['OPEN', 'ERROR'],
  ['PARTIALLY_FILLED', 'PARTIALLY_FILLED'],
  ['PARTIALLY_FILLED', 'FILLED'],
  ['PARTIALLY_FILLED', 'CANCELLED'],
  ['PARTIALLY_FILLED', 'EXPIRED'],
]

const isAllowed = (from: OrderStatus, to: OrderStatus) =>
  ALLOWED.some(([a, b]) => a === from && b === to)

const EVERY_PAIR = ORDER_STATUSES.flatMap((from) =>
  ORDER_STATUSES.map((to) => ({ from, to, allowed: isAllowed(from, to) })),
)

describe('order status transition table', () => {
  it.each(EVERY_PAIR)('$from → $to allowed=$allowed', ({ from, to, allowed }) => {
    const result = transitionOrderStatus(from, to)
    expect(result.ok).toBe(allowed)
    if (result.ok) expect(result.status).toBe(to)
    else expect(result.error).toBe(`ILLEGAL_ORDER_TRANSITION: from=${from} to=${to}`)
  })

  it('lists exactly the allowed transitions', () => {
    const listed = Object.entries(ORDER_TRANSITIONS).flatMap(([from, targets]) =>
      targets.map((to) => [from, to]),
    )
    expect(listed).toEqual(ALLOWED)
  })

  it.each([
    ['PENDING', false],
    ['OPEN', false],
    ['PARTIALLY_FILLED', false],
    ['FILLED', true],
    ['CANCELLED', true],
    ['EXPIRED', true],
    ['ERROR', true],
  ] as const)('%s is terminal: %s', (status, terminal) => {
    expect(isTerminalStatus(status)).toBe(terminal)
  })

  it('names the order in an illegal-transition error', () => {
    const error = new IllegalOrderTransitionError('FILLED', 'OPEN', 'order-1')
    expect(error.message).toBe('ILLEGAL_ORDER_TRANSITION: order=order-1 from=FILLED to=OPEN')
  })
})
