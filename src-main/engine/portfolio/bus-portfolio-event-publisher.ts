import { Topics, type MessageBus } from '../bus'
import type { Logger } from '../logging/logger'
import type { PortfolioEvent, PortfolioEventPublisher } from './portfolio-event'

/**
 * Publishes portfolio events on the bus's `portfolio_updates` topic as
 * `{ event_type, data }`. A publish the bus refuses is logged, never thrown: a trade that
 * was executed stays executed whether or not its event could be announced.
 */
export class BusPortfolioEventPublisher implements PortfolioEventPublisher {
  constructor(
    private readonly bus: MessageBus,
    private readonly logger: Logger,
    private readonly source = 'portfolio_rebalance',
  ) {}

  publish(event: PortfolioEvent): void {
    try {
      this.bus.publish({
        topic: Topics.PORTFOLIO_UPDATES,
        source: this.source,
        payload: { event_type: event.type, data: { ...event.data } },
        correlationId: event.correlationId,
      })
    } catch (error) {
      this.logger.error({ err: error, eventType: event.type }, 'portfolio event not published')
    }
  }
}
