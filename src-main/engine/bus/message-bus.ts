import type { Clock } from '../clock'
import type { Logger } from '../logging/logger'
import { parseBusConfig, type BusConfig, type BusConfigInput } from './bus-config'
import {
  TopicCounters,
  type BusMetrics,
  type SubscriberMetrics,
  type TopicMetrics,
} from './bus-metrics'
import { BusPublishError } from './bus-publish-error'
import { deepFreeze } from './deep-freeze'
import { Deque } from './deque'
import { LatestIndex } from './latest-index'
import type { AnyMessage, Message, PublishInput } from './message'
import { MessageHistory, type HistoryQuery } from './message-history'
import { MessagePriority, PRIORITY_LANES, priorityLane } from './priority'
import { Subscription, type AnyFilter, type AnyHandler } from './subscription'
import { TOPIC_SCHEMAS } from './topic-schemas'
import { isTopic, TOPICS, type Topic } from './topics'
import { createUuidGenerator } from './uuid-generator'

/** Handles one message; may be async. Its return value is ignored, its failure is contained. */
export type MessageHandler<T extends Topic> = (message: Message<T>) => void | Promise<void>

/** Decides, at publish time, whether a subscription receives a message. */
export type MessageFilter<T extends Topic> = (message: Message<T>) => boolean

/** Per-subscription options. */
export interface SubscribeOptions {
  /** Time budget of this handler (bus clock); the bus `handlerTimeoutMs` when omitted. */
  timeoutMs?: number
}

/** What `latest` narrows by. */
export interface LatestQuery {
  source?: string
  /** Matches `payload.symbol`. */
  symbol?: string
}

/** What the bus is built from. */
export interface MessageBusOptions {
  clock: Clock
  logger: Logger
  config?: BusConfigInput
  /** Message ids; random UUIDs (v4) when omitted. Inject a counter for repeatable tests. */
  idGenerator?: () => string
}

interface QueuedMessage {
  message: AnyMessage
  /** The subscriptions it matched at publish time. */
  targets: Subscription[]
}

/** Latest-index entries are swept of expired keys once per this many publishes. */
const SWEEP_EVERY_PUBLISHES = 1024

/**
 * The in-process, typed pub/sub bus between engine parts (seed 003 section 3.1).
 *
 * Delivery:
 * - `publish` validates the payload against its topic schema (throws `BusPublishError`),
 *   freezes the message, records it in history and in the `latest` index, and then
 *   delivers it. When the bus is idle it calls the matching handlers at once, inside
 *   `publish` (the fast path: no queue, no allocation). Sync handlers therefore run
 *   before `publish` returns; async handlers are started, never awaited.
 * - A message published while the bus is delivering (from a handler) is queued, and the
 *   queue is worked through in priority order (URGENT first, FIFO within a priority)
 *   before the outermost `publish` returns. No recursion, no deadlock; after
 *   `maxDeliveriesPerTurn` deliveries the bus yields to the event loop (setImmediate) and
 *   carries on in a later macrotask, so a handler that publishes on every message cannot
 *   freeze the process. Messages published before that continuation has run queue
 *   behind it in priority order too.
 * - Each subscription receives its messages one at a time: while its async handler runs,
 *   further deliveries wait in its mailbox (priority lanes, bounded by
 *   `maxPendingPerSubscription`, the least urgent oldest dropped first). Other
 *   subscriptions are not held up.
 * - A handler that throws or rejects is logged and counted as failed. A handler that
 *   runs past its budget (measured on the clock) is counted as timed out: an async one is
 *   no longer waited for and its subscription moves on; a sync one cannot be interrupted,
 *   so it is counted after the fact. Neither stops delivery to the others.
 * - Filters run at publish time; `publish` returns how many subscriptions the message was
 *   delivered or queued to.
 * - History and `latest` forget messages past their TTL; history holds at most
 *   `maxHistory` messages.
 */
export class MessageBus {
  private readonly clock: Clock
  private readonly logger: Logger
  private readonly config: BusConfig
  private readonly nextId: () => string
  private readonly subscriptionsByTopic = new Map<Topic, Subscription[]>()
  private readonly counters = new Map<Topic, TopicCounters>()
  private readonly recent: MessageHistory
  private readonly latestIndex = new LatestIndex()
  private readonly queue: Deque<QueuedMessage>[] = Array.from(
    { length: PRIORITY_LANES },
    () => new Deque<QueuedMessage>(),
  )
  /** Subscriptions whose async handler finished while deliveries wait in their mailbox. */
  private readonly ready = new Deque<Subscription>()
  private queuedMessages = 0
  private pendingDeliveries = 0
  private handlersInFlight = 0
  /** True while a delivery turn runs or a continuation is scheduled; publishes then queue. */
  private isDelivering = false
  private idleWaiters: (() => void)[] = []
  private publishesSinceSweep = 0

  constructor(options: MessageBusOptions) {
    this.clock = options.clock
    this.logger = options.logger
    this.config = parseBusConfig(options.config)
    this.nextId = options.idGenerator ?? createUuidGenerator()
    this.recent = new MessageHistory(this.config.maxHistory)
    for (const topic of TOPICS) this.counters.set(topic, new TopicCounters())
  }

  /**
   * Publishes a message and returns how many subscriptions it was delivered or queued to.
   * Throws `BusPublishError` when the topic, envelope or payload is invalid; never throws
   * because of a handler.
   */
  publish<T extends Topic>(input: PublishInput<T>): number {
    const now = this.clock.now()
    const message = this.createMessage(input as PublishInput, now)
    const counters = this.countersOf(message.topic)
    counters.published++
    this.recent.add(message, now)
    this.latestIndex.record(message)
    if (++this.publishesSinceSweep >= SWEEP_EVERY_PUBLISHES) {
      this.publishesSinceSweep = 0
      this.latestIndex.sweep(now)
    }

    const subscriptions = this.subscriptionsByTopic.get(message.topic)
    if (subscriptions === undefined) return 0
    if (this.isDelivering) return this.enqueue(message, subscriptions)

    this.isDelivering = true
    let count = 0
    try {
      count = this.deliverNow(message, subscriptions, now)
      this.work(this.config.maxDeliveriesPerTurn - count)
    } finally {
      this.endTurn()
    }
    return count
  }

  /**
   * Subscribes a handler to a topic, optionally behind a filter, and returns a function
   * that removes exactly this subscription. A subscriber may hold several subscriptions.
   */
  subscribe<T extends Topic>(
    subscriberId: string,
    topic: T,
    handler: MessageHandler<T>,
    filter?: MessageFilter<T>,
    options: SubscribeOptions = {},
  ): () => void {
    if (!isTopic(topic)) throw new Error(`cannot subscribe: unknown topic=${String(topic)}`)
    if (typeof subscriberId !== 'string' || subscriberId.length === 0) {
      throw new Error(`cannot subscribe: empty subscriberId topic=${topic}`)
    }
    const timeoutMs = options.timeoutMs ?? this.config.handlerTimeoutMs
    if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
      throw new Error(
        `cannot subscribe: invalid timeoutMs=${timeoutMs} subscriber=${subscriberId} topic=${topic}`,
      )
    }
    const subscription = new Subscription(
      subscriberId,
      topic,
      handler as AnyHandler,
      filter as AnyFilter | undefined,
      timeoutMs,
      this.countersOf(topic),
    )
    this.subscriptionsByTopic.set(topic, [
      ...(this.subscriptionsByTopic.get(topic) ?? []),
      subscription,
    ])
    return () => {
      this.remove(topic, (candidate) => candidate === subscription)
    }
  }

  /**
   * Removes a subscriber's subscriptions to one topic, or to every topic when `topic` is
   * omitted, and returns how many were removed. Deliveries still waiting for them are
   * dropped; a handler call already running is left to finish.
   */
  unsubscribe(subscriberId: string, topic?: Topic): number {
    const topics = topic === undefined ? [...this.subscriptionsByTopic.keys()] : [topic]
    let removed = 0
    for (const each of topics) {
      removed += this.remove(each, (candidate) => candidate.subscriberId === subscriberId)
    }
    return removed
  }

  /**
   * Returns the most recently published message of a topic, optionally from one source
   * and/or for one symbol, or undefined when there is none or it has expired.
   */
  latest<T extends Topic>(topic: T, query: LatestQuery = {}): Message<T> | undefined {
    return this.latestIndex.find(topic, query.source, query.symbol, this.clock.now()) as
      Message<T> | undefined
  }

  /** Returns unexpired messages from history matching the query, oldest first. */
  history<T extends Topic>(query: HistoryQuery & { topic: T }): Message<T>[]
  history(query?: HistoryQuery): AnyMessage[]
  history(query: HistoryQuery = {}): AnyMessage[] {
    return this.recent.query(query, this.clock.now())
  }

  /** Returns a snapshot of the counters per topic and per subscriber, and the bus sizes. */
  metrics(): BusMetrics {
    const topics = {} as Record<Topic, TopicMetrics>
    for (const [topic, counters] of this.counters) topics[topic] = counters.snapshot()
    const bySubscriber = new Map<string, SubscriberMetrics>()
    for (const subscriptions of this.subscriptionsByTopic.values()) {
      for (const subscription of subscriptions) {
        let entry = bySubscriber.get(subscription.subscriberId)
        if (entry === undefined) {
          entry = {
            subscriberId: subscription.subscriberId,
            subscriptions: 0,
            delivered: 0,
            failed: 0,
            timedOut: 0,
            dropped: 0,
            pending: 0,
            busy: 0,
          }
          bySubscriber.set(subscription.subscriberId, entry)
        }
        entry.subscriptions++
        entry.delivered += subscription.delivered
        entry.failed += subscription.failed
        entry.timedOut += subscription.timedOut
        entry.dropped += subscription.dropped
        entry.pending += subscription.pending
        if (subscription.isBusy) entry.busy++
      }
    }
    return {
      topics,
      subscribers: [...bySubscriber.values()],
      historySize: this.recent.size,
      historyEvicted: this.recent.evicted,
      latestIndexSize: this.latestIndex.size,
      queuedMessages: this.queuedMessages,
      pendingDeliveries: this.pendingDeliveries,
      handlersInFlight: this.handlersInFlight,
    }
  }

  /** Returns true when nothing is queued, waiting or running. */
  isIdle(): boolean {
    return (
      !this.isDelivering &&
      this.queuedMessages === 0 &&
      this.pendingDeliveries === 0 &&
      this.handlersInFlight === 0
    )
  }

  /**
   * Resolves once nothing is queued, waiting or running: every delivery made and every
   * async handler settled or timed out. On a virtual clock a handler that waits on the
   * clock needs the clock advanced before this resolves.
   */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  // --- publishing -------------------------------------------------------------------

  private createMessage(input: PublishInput, now: number): AnyMessage {
    const topic: unknown = input.topic
    if (!isTopic(topic)) {
      throw new BusPublishError(
        `invalid message: topic=${String(topic)} problem=unknown topic`,
        String(topic),
        [{ field: 'topic', problem: 'unknown topic' }],
      )
    }
    const problems: { field: string; problem: string }[] = []
    if (typeof input.source !== 'string' || input.source.length === 0) {
      problems.push({ field: 'source', problem: 'expected a non-empty string' })
    }
    const priority = input.priority ?? MessagePriority.NORMAL
    if (priorityLane(priority) < 0) {
      problems.push({
        field: 'priority',
        problem: `expected LOW, NORMAL, HIGH or URGENT, got ${String(priority)}`,
      })
    }
    const ttlSeconds = input.ttlSeconds ?? this.config.defaultTtlSeconds
    if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
      problems.push({
        field: 'ttlSeconds',
        problem: `expected a positive number, got ${String(ttlSeconds)}`,
      })
    }
    const correlationId = input.correlationId ?? null
    if (
      correlationId !== null &&
      (typeof correlationId !== 'string' || correlationId.length === 0)
    ) {
      problems.push({ field: 'correlationId', problem: 'expected a non-empty string or null' })
    }
    const parsed = TOPIC_SCHEMAS[topic].safeParse(input.payload)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String).join('.')
        problems.push({
          field: path === '' ? 'payload' : `payload.${path}`,
          problem: issue.message,
        })
      }
    }
    if (problems.length > 0 || !parsed.success) {
      this.countersOf(topic).rejected++
      const details = problems
        .map((each) => `field=${each.field} problem=${each.problem}`)
        .join('; ')
      throw new BusPublishError(`invalid message: topic=${topic} ${details}`, topic, problems)
    }
    const message = {
      id: this.nextId(),
      timestamp: now,
      topic,
      source: input.source,
      priority,
      payload: deepFreeze(parsed.data),
      correlationId,
      ttlSeconds,
    }
    return Object.freeze(message) as AnyMessage
  }

  /** The fast path: the bus is idle, so matching handlers are called at once. */
  private deliverNow(
    message: AnyMessage,
    subscriptions: readonly Subscription[],
    now: number,
  ): number {
    let count = 0
    let time = now
    // Iterates the array as it was at publish: subscribe/unsubscribe replace it, never mutate it.
    for (let i = 0; i < subscriptions.length; i++) {
      const subscription = subscriptions[i] as Subscription
      if (!subscription.isActive || !this.accepts(subscription, message)) continue
      count++
      time = this.deliver(subscription, message, time)
    }
    return count
  }

  /** Queues a message published during delivery, with the subscriptions it matches now. */
  private enqueue(message: AnyMessage, subscriptions: readonly Subscription[]): number {
    const targets: Subscription[] = []
    for (const subscription of subscriptions) {
      if (subscription.isActive && this.accepts(subscription, message)) targets.push(subscription)
    }
    if (targets.length === 0) return 0
    ;(this.queue[priorityLane(message.priority)] as Deque<QueuedMessage>).push({ message, targets })
    this.queuedMessages++
    return targets.length
  }

  private accepts(subscription: Subscription, message: AnyMessage): boolean {
    if (subscription.filter === undefined) return true
    try {
      return subscription.filter(message) === true
    } catch (error) {
      subscription.failed++
      subscription.counters.failed++
      this.logger.warn(
        {
          err: error,
          topic: message.topic,
          subscriberId: subscription.subscriberId,
          messageId: message.id,
        },
        'bus filter threw; message not delivered to this subscription',
      )
      return false
    }
  }

  // --- delivery ---------------------------------------------------------------------

  /**
   * Hands a message to a subscription: calls its handler when it is free, or puts the
   * message in its mailbox. Returns the clock time after the call (chained to save reads).
   */
  private deliver(subscription: Subscription, message: AnyMessage, now: number): number {
    if (!subscription.isActive) {
      this.countDropped(subscription)
      return now
    }
    if (now >= message.timestamp + message.ttlSeconds * 1000) {
      this.countDropped(subscription)
      return now
    }
    if (subscription.isBusy || subscription.pending > 0) {
      this.addToMailbox(subscription, message)
      return now
    }
    return this.invoke(subscription, message, now)
  }

  private invoke(subscription: Subscription, message: AnyMessage, startedAt: number): number {
    const counters = subscription.counters
    subscription.delivered++
    counters.delivered++
    let result: unknown
    try {
      result = subscription.handler(message)
    } catch (error) {
      const end = this.clock.now()
      this.recordSyncLatency(subscription, message, end - startedAt)
      this.countFailure(subscription, message, error)
      return end
    }
    const end = this.clock.now()
    if (isThenable(result)) this.track(subscription, message, result, startedAt)
    else this.recordSyncLatency(subscription, message, end - startedAt)
    return end
  }

  private recordSyncLatency(
    subscription: Subscription,
    message: AnyMessage,
    latencyMs: number,
  ): void {
    subscription.counters.latency.record(latencyMs)
    if (latencyMs > subscription.timeoutMs) this.countTimeout(subscription, message, latencyMs)
  }

  /** Follows an async handler call: the subscription is busy until it settles or times out. */
  private track(
    subscription: Subscription,
    message: AnyMessage,
    call: PromiseLike<unknown>,
    startedAt: number,
  ): void {
    const token = ++subscription.callToken
    subscription.isBusy = true
    this.handlersInFlight++
    subscription.timer = this.clock.setTimeout(() => {
      if (subscription.callToken !== token || !subscription.isBusy) return
      subscription.timer = null
      const latencyMs = this.clock.now() - startedAt
      subscription.counters.latency.record(latencyMs)
      this.countTimeout(subscription, message, latencyMs)
      this.release(subscription)
    }, subscription.timeoutMs)
    call.then(
      () => this.settle(subscription, token, message, startedAt, false, undefined),
      (error: unknown) => this.settle(subscription, token, message, startedAt, true, error),
    )
  }

  private settle(
    subscription: Subscription,
    token: number,
    message: AnyMessage,
    startedAt: number,
    hasFailed: boolean,
    error: unknown,
  ): void {
    if (subscription.callToken !== token || !subscription.isBusy) {
      // Already counted as timed out; the subscription has moved on.
      if (hasFailed) {
        this.logger.warn(
          {
            err: error,
            topic: message.topic,
            subscriberId: subscription.subscriberId,
            messageId: message.id,
          },
          'bus handler failed after its time budget',
        )
      }
      return
    }
    if (subscription.timer !== null) {
      this.clock.clearTimer(subscription.timer)
      subscription.timer = null
    }
    subscription.counters.latency.record(this.clock.now() - startedAt)
    if (hasFailed) this.countFailure(subscription, message, error)
    this.release(subscription)
  }

  /** Frees a subscription after an async call and resumes its mailbox. */
  private release(subscription: Subscription): void {
    subscription.isBusy = false
    this.handlersInFlight--
    if (subscription.isActive && subscription.pending > 0) {
      this.ready.push(subscription)
      if (!this.isDelivering) {
        this.isDelivering = true
        try {
          this.work(this.config.maxDeliveriesPerTurn)
        } finally {
          this.endTurn()
        }
      }
      return
    }
    this.notifyIfIdle()
  }

  private addToMailbox(subscription: Subscription, message: AnyMessage): void {
    const lane = priorityLane(message.priority)
    if (subscription.pending >= this.config.maxPendingPerSubscription) {
      const leastUrgent = subscription.leastUrgentLane()
      this.countDropped(subscription)
      if (lane > leastUrgent) return
      subscription.takeFromLane(leastUrgent)
      this.pendingDeliveries--
    }
    subscription.enqueue(message, lane)
    this.pendingDeliveries++
  }

  /**
   * Works through freed subscriptions' mailboxes and the queue, most urgent first, for
   * up to `budget` deliveries.
   */
  private work(budget: number): void {
    let remaining = budget
    while (remaining > 0) {
      const subscription = this.ready.shift()
      if (subscription !== undefined) {
        remaining -= this.pump(subscription, remaining)
        continue
      }
      const entry = this.shiftQueue()
      if (entry === undefined) return
      let time = this.clock.now()
      for (const target of entry.targets) time = this.deliver(target, entry.message, time)
      remaining -= entry.targets.length
    }
  }

  /** Delivers a free subscription's waiting messages until it is busy, empty or out of budget. */
  private pump(subscription: Subscription, budget: number): number {
    let done = 0
    let time = this.clock.now()
    while (
      done < budget &&
      subscription.isActive &&
      !subscription.isBusy &&
      subscription.pending > 0
    ) {
      const message = subscription.takeNext() as AnyMessage
      this.pendingDeliveries--
      done++
      if (time >= message.timestamp + message.ttlSeconds * 1000) this.countDropped(subscription)
      else time = this.invoke(subscription, message, time)
    }
    if (subscription.isActive && !subscription.isBusy && subscription.pending > 0)
      this.ready.push(subscription)
    return done
  }

  private shiftQueue(): QueuedMessage | undefined {
    for (const lane of this.queue) {
      const entry = lane.shift()
      if (entry !== undefined) {
        this.queuedMessages--
        return entry
      }
    }
    return undefined
  }

  /** Ends a delivery turn: yields to the event loop when work is left, else goes idle. */
  private endTurn(): void {
    if (this.queuedMessages > 0 || this.ready.size > 0) {
      // setImmediate, not the clock: this is a yield to pending I/O, not a wait for time.
      setImmediate(() => {
        try {
          this.work(this.config.maxDeliveriesPerTurn)
        } finally {
          this.endTurn()
        }
      })
      return
    }
    this.isDelivering = false
    this.notifyIfIdle()
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  // --- subscriptions and counting ---------------------------------------------------

  private remove(topic: Topic, isTarget: (subscription: Subscription) => boolean): number {
    const subscriptions = this.subscriptionsByTopic.get(topic)
    if (subscriptions === undefined) return 0
    const kept: Subscription[] = []
    let removed = 0
    for (const subscription of subscriptions) {
      if (!isTarget(subscription)) {
        kept.push(subscription)
        continue
      }
      removed++
      subscription.isActive = false
      const waiting = subscription.clearMailbox()
      this.pendingDeliveries -= waiting
      subscription.dropped += waiting
      subscription.counters.dropped += waiting
    }
    if (removed === 0) return 0
    if (kept.length === 0) this.subscriptionsByTopic.delete(topic)
    else this.subscriptionsByTopic.set(topic, kept)
    this.notifyIfIdle()
    return removed
  }

  private countersOf(topic: Topic): TopicCounters {
    return this.counters.get(topic) as TopicCounters
  }

  private countDropped(subscription: Subscription): void {
    subscription.dropped++
    subscription.counters.dropped++
    // One line when a subscription starts dropping, then one per thousand: a flood must not flood the log.
    if (subscription.dropped % 1000 === 1) {
      this.logger.warn(
        {
          topic: subscription.topic,
          subscriberId: subscription.subscriberId,
          dropped: subscription.dropped,
        },
        'bus dropped deliveries for a subscription',
      )
    }
  }

  private countFailure(subscription: Subscription, message: AnyMessage, error: unknown): void {
    subscription.failed++
    subscription.counters.failed++
    this.logger.warn(
      {
        err: error,
        topic: message.topic,
        subscriberId: subscription.subscriberId,
        messageId: message.id,
      },
      'bus handler failed',
    )
  }

  private countTimeout(subscription: Subscription, message: AnyMessage, latencyMs: number): void {
    subscription.timedOut++
    subscription.counters.timedOut++
    this.logger.warn(
      {
        topic: message.topic,
        subscriberId: subscription.subscriberId,
        messageId: message.id,
        latencyMs,
        budgetMs: subscription.timeoutMs,
      },
      'bus handler exceeded its time budget',
    )
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== undefined &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}
