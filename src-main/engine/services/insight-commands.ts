import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { InsightQueries } from './insight-queries'
import { providerHealthReport } from './provider-health-report'

type Handlers = Pick<
  CommandHandlers,
  | 'agents:outputs'
  | 'decisions:recent'
  | 'decisions:trace'
  | 'models:comparison'
  | 'models:assignments'
  | 'models:health'
  | 'events:recent'
>

/**
 * Agent outputs, trading decisions, decision traces, the A/B model comparison and the recent
 * events for the activity feed.
 */
export function insightCommands(parts: EngineParts): Handlers {
  const queries = new InsightQueries(parts.store.db, parts.writes)
  const { agents: agentsConfig } = parts.config
  const catalog = agentsConfig.models
  const describe = (key: string) => ({
    key,
    provider: catalog[key]?.provider ?? 'unknown',
    model: catalog[key]?.model ?? key,
  })
  return {
    'agents:outputs': async ({ agent, symbol, limit }) =>
      queries.agentOutputs({ limit, ...(agent ? { agent } : {}), ...(symbol ? { symbol } : {}) }),
    'decisions:recent': async ({ symbol, limit }) =>
      queries.recentDecisions({ limit, ...(symbol ? { symbol } : {}) }),
    'decisions:trace': async ({ correlationId }) => queries.trace(correlationId),
    'events:recent': async ({ limit }) => parts.events.recent.latest(limit),
    'models:comparison': async ({ sinceMs }) => {
      const stats = await parts.repositories.comparisons.modelStats(sinceMs ?? 0)
      return stats.map((row) => ({
        model: row.model,
        provider: row.provider,
        votes: row.askedAnswers,
        validVotes: row.validAnswers,
        agreementPct: row.agreementRate === null ? null : row.agreementRate * 100,
        // Hit rates are ratios (0–1), as the contract's consumers read them.
        hitRate1h: row.hitRate['1h'],
        hitRate4h: row.hitRate['4h'],
        hitRate24h: row.hitRate['24h'],
        averageLatencyMs: row.averageLatencyMs,
        totalCostUsd: row.costUsd.toFixed(),
      }))
    },
    'models:assignments': async () => {
      const { trading_decision: tradingDecision, ...routes } = agentsConfig.agents
      return [
        ...Object.entries(routes).map(([agent, route]) => ({
          agent,
          isEnabled: route.enabled,
          models: [route.model, ...route.fallbacks].map(describe),
        })),
        {
          agent: 'trading_decision',
          isEnabled: tradingDecision.enabled,
          models: tradingDecision.models.map(describe),
        },
      ]
    },
    'models:health': async () => providerHealthReport(parts.llm.router.health()),
  }
}
