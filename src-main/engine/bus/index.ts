export { MessageBus } from './message-bus'
export type {
  LatestQuery,
  MessageBusOptions,
  MessageFilter,
  MessageHandler,
  SubscribeOptions,
} from './message-bus'
export { BusPublishError } from './bus-publish-error'
export { busConfigSchema, parseBusConfig } from './bus-config'
export type { BusConfig, BusConfigInput } from './bus-config'
export type { BusMetrics, SubscriberMetrics, TopicMetrics } from './bus-metrics'
export type { LatencySummary } from './latency-stats'
export type { AnyMessage, Message, PublishInput } from './message'
export { isExpired } from './message'
export type { HistoryQuery } from './message-history'
export { MessagePriority, PRIORITIES_MOST_URGENT_FIRST } from './priority'
export { isTopic, TOPICS, Topics } from './topics'
export type { Topic } from './topics'
export * from './topic-schemas'
