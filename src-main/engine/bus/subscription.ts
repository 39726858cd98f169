import type { TimerHandle } from '../clock'
import type { TopicCounters } from './bus-metrics'
import { Deque } from './deque'
import type { AnyMessage } from './message'
import { PRIORITY_LANES } from './priority'
import type { Topic } from './topics'

/** A subscription's handler as the bus holds it (typed per topic at `subscribe`). */
export type AnyHandler = (message: AnyMessage) => unknown
/** A subscription's filter as the bus holds it. */
export type AnyFilter = (message: AnyMessage) => boolean

/**
 * One subscription: its handler, its counters, and its mailbox of deliveries waiting
 * while its async handler is busy (one lane per priority, FIFO within a lane).
 */
export class Subscription {
  isActive = true
  /** True while an async call runs within its budget; deliveries then wait in the mailbox. */
  isBusy = false
  /** Identifies the current async call, so a late settle of a timed-out one is recognised. */
  callToken = 0
  timer: TimerHandle | null = null
  pending = 0
  delivered = 0
  failed = 0
  timedOut = 0
  dropped = 0
  private lanes: Deque<AnyMessage>[] | null = null

  constructor(
    readonly subscriberId: string,
    readonly topic: Topic,
    readonly handler: AnyHandler,
    readonly filter: AnyFilter | undefined,
    readonly timeoutMs: number,
    readonly counters: TopicCounters,
  ) {}

  /** Queues a delivery in its priority lane. */
  enqueue(message: AnyMessage, lane: number): void {
    if (this.lanes === null) {
      this.lanes = Array.from({ length: PRIORITY_LANES }, () => new Deque<AnyMessage>())
    }
    ;(this.lanes[lane] as Deque<AnyMessage>).push(message)
    this.pending++
  }

  /** Removes and returns the most urgent, oldest waiting delivery. */
  takeNext(): AnyMessage | undefined {
    if (this.lanes === null) return undefined
    for (let lane = 0; lane < PRIORITY_LANES; lane++) {
      const message = (this.lanes[lane] as Deque<AnyMessage>).shift()
      if (message !== undefined) {
        this.pending--
        return message
      }
    }
    return undefined
  }

  /** Removes and returns the oldest waiting delivery of a lane. */
  takeFromLane(lane: number): AnyMessage | undefined {
    const message = this.lanes?.[lane]?.shift()
    if (message !== undefined) this.pending--
    return message
  }

  /** Returns the lane of the least urgent waiting delivery, or -1 when none waits. */
  leastUrgentLane(): number {
    if (this.lanes === null) return -1
    for (let lane = PRIORITY_LANES - 1; lane >= 0; lane--) {
      if ((this.lanes[lane] as Deque<AnyMessage>).size > 0) return lane
    }
    return -1
  }

  /** Empties the mailbox and returns how many deliveries it held. */
  clearMailbox(): number {
    const count = this.pending
    this.lanes = null
    this.pending = 0
    return count
  }
}
