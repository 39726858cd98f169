import { LatencyStats, type LatencySummary } from './latency-stats'
import type { Topic } from './topics'

/** Counters of one topic. `delivered` counts handler calls; `failed` and `timedOut` are among them. */
export interface TopicMetrics {
  /** Messages accepted by `publish`. */
  published: number
  /** Messages refused by `publish` (invalid envelope or payload). */
  rejected: number
  /** Handler calls made. */
  delivered: number
  /** Handler calls that threw or rejected. */
  failed: number
  /** Handler calls that ran past their time budget. */
  timedOut: number
  /** Deliveries promised by `publish` but not made: subscriber gone, message expired, queue full. */
  dropped: number
  handlerLatency: LatencySummary
}

/** Counters of one subscriber, over all its subscriptions. */
export interface SubscriberMetrics {
  subscriberId: string
  subscriptions: number
  delivered: number
  failed: number
  timedOut: number
  dropped: number
  /** Deliveries waiting for its busy handlers. */
  pending: number
  /** How many of its handlers are running an async call right now. */
  busy: number
}

/** A snapshot of the bus counters and sizes. */
export interface BusMetrics {
  topics: Record<Topic, TopicMetrics>
  subscribers: SubscriberMetrics[]
  /** Messages held in history (at most `maxHistory`). */
  historySize: number
  /** Messages dropped from history so far, by TTL or by the count bound. */
  historyEvicted: number
  /** Entries of the `latest` index. */
  latestIndexSize: number
  /** Messages published from handlers, waiting for their turn. */
  queuedMessages: number
  /** Deliveries waiting for busy subscriptions. */
  pendingDeliveries: number
  /** Async handler calls still running within their budget. */
  handlersInFlight: number
}

/** The mutable counters of one topic, updated on the hot path. */
export class TopicCounters {
  published = 0
  rejected = 0
  delivered = 0
  failed = 0
  timedOut = 0
  dropped = 0
  readonly latency = new LatencyStats()

  /** Returns a plain snapshot. */
  snapshot(): TopicMetrics {
    return {
      published: this.published,
      rejected: this.rejected,
      delivered: this.delivered,
      failed: this.failed,
      timedOut: this.timedOut,
      dropped: this.dropped,
      handlerLatency: this.latency.summary(),
    }
  }
}
