import type {
  PortfolioEvent,
  PortfolioEventPublisher,
  PortfolioEventType,
} from '../../../src-main/engine/portfolio'

/** Keeps every published portfolio event. */
export class RecordingPublisher implements PortfolioEventPublisher {
  readonly events: PortfolioEvent[] = []

  publish(event: PortfolioEvent): void {
    this.events.push(event)
  }

  ofType(type: PortfolioEventType): PortfolioEvent[] {
    return this.events.filter((event) => event.type === type)
  }
}
