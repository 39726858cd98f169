/** How urgently a message should be delivered when messages queue; URGENT goes first. */
export const MessagePriority = {
  LOW: 'LOW',
  NORMAL: 'NORMAL',
  HIGH: 'HIGH',
  URGENT: 'URGENT',
} as const

/** One of LOW, NORMAL, HIGH, URGENT. */
export type MessagePriority = (typeof MessagePriority)[keyof typeof MessagePriority]

/** Priorities from most to least urgent: the order in which queued messages are delivered. */
export const PRIORITIES_MOST_URGENT_FIRST: readonly MessagePriority[] = Object.freeze([
  MessagePriority.URGENT,
  MessagePriority.HIGH,
  MessagePriority.NORMAL,
  MessagePriority.LOW,
])

const laneByPriority: Readonly<Record<MessagePriority, number>> = {
  URGENT: 0,
  HIGH: 1,
  NORMAL: 2,
  LOW: 3,
}

/** Returns the delivery lane of a priority (0 = URGENT … 3 = LOW), or -1 for an unknown value. */
export function priorityLane(priority: unknown): number {
  if (typeof priority !== 'string' || !Object.hasOwn(laneByPriority, priority)) return -1
  return laneByPriority[priority as MessagePriority]
}

/** How many priority lanes a queue needs. */
export const PRIORITY_LANES = 4
