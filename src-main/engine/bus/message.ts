import type { MessagePriority } from './priority'
import type { TopicPayload, TopicPayloadInput } from './topic-schemas'
import type { Topic } from './topics'

/**
 * One message on the bus. Frozen (payload included) once published: subscribers share it
 * and must not, and cannot, change it.
 */
export interface Message<T extends Topic = Topic> {
  /** A UUID unless the bus was given another id generator. */
  readonly id: string
  /** When it was published, in Unix milliseconds from the bus clock. */
  readonly timestamp: number
  readonly topic: T
  /** Who published it, such as `"technical_analysis"`. */
  readonly source: string
  readonly priority: MessagePriority
  readonly payload: Readonly<TopicPayload<T>>
  /** Ties together the messages of one flow (signal → decision → order → fill); null when none. */
  readonly correlationId: string | null
  /** How long it stays in history, in `latest` and in delivery queues. */
  readonly ttlSeconds: number
}

/** A message of any topic, discriminated on `topic`. */
export type AnyMessage = { [T in Topic]: Message<T> }[Topic]

/** What `MessageBus.publish` takes. */
export interface PublishInput<T extends Topic = Topic> {
  topic: T
  source: string
  payload: TopicPayloadInput<T>
  /** NORMAL when omitted. */
  priority?: MessagePriority
  correlationId?: string | null
  /** The bus default (300 s) when omitted. */
  ttlSeconds?: number
}

/** Returns true when the message has expired at `nowMs`. */
export function isExpired(message: Message, nowMs: number): boolean {
  return nowMs >= message.timestamp + message.ttlSeconds * 1000
}
