import { z } from 'zod'
import { assertNever } from '../assert-never'
import type { EngineEvent } from './events'

/** The agent whose outputs are feed lines (decisions); the others have their own panels. */
const FEED_AGENT = 'trading_decision'

/** How many recent events the engine keeps for a UI that (re)connects. */
export const MAX_RECENT_EVENTS = 500

export const recentEventsInput = z
  .object({ limit: z.number().int().positive().max(MAX_RECENT_EVENTS).default(200) })
  .strict()
  .prefault({})

/**
 * Returns true for an event that records something that happened, worth a line in the
 * recent-events feed after the fact: orders, fills, closed positions, risk alerts, trading
 * decisions, coordinator changes, portfolio changes, finished model pulls and notices. Live values that the
 * next event replaces (ticks, equity, position marks, task and risk status, the clock, pull
 * progress) are not.
 */
export function isFeedEvent(event: EngineEvent): boolean {
  switch (event.type) {
    case 'order.updated':
    case 'order.filled':
    case 'position.closed':
    case 'risk.alert':
    case 'coordinator.state':
    case 'system.notice':
    case 'portfolio.changed':
      return true
    case 'agent.output':
      return event.agent === FEED_AGENT
    case 'ollama.pull.progress':
      return event.isDone
    case 'market.tick':
    case 'equity.updated':
    case 'position.updated':
    case 'task.updated':
    case 'risk.status':
    case 'engine.time':
      return false
    default:
      return assertNever(event)
  }
}
