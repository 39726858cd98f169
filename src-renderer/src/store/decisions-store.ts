import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type {
  AgentOutput,
  DecisionTrace,
  EngineEvent,
  TradingDecision,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import { summarizeAgentOutput } from '../../../src-shared/agent-summary'
import type { Loadable } from './loadable'
import { loadEntryInto, loadInto, notLoaded } from './loadable'

/** How many agent outputs the feed keeps. */
export const MAX_FEED_ITEMS = 300

/**
 * One line of the agent feed: fetched outputs and pushed `agent.output` events alike (a
 * pushed line has no model: the event names the agent's run, not each model asked).
 */
export interface FeedItem {
  id: string
  at: number
  agent: string
  symbol: string | null
  summary: string
  correlationId: string | null
  model: string | null
  isValid: boolean
}

export interface DecisionsState {
  feed: Loadable<FeedItem[]>
  decisions: Loadable<TradingDecision[]>
  traces: Record<string, Loadable<DecisionTrace>>
  selectedCorrelationId: string | null
  loadFeed(limit?: number): Promise<void>
  loadDecisions(limit?: number): Promise<void>
  openTrace(correlationId: string): Promise<void>
  closeTrace(): void
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type DecisionsStore = StoreApi<DecisionsState>

/** Returns a feed item for an agent output fetched from the engine. */
export function feedItemFromOutput(output: AgentOutput): FeedItem {
  return {
    id: output.id,
    at: output.createdAt,
    agent: output.agent,
    symbol: output.symbol,
    summary: summarizeAgentOutput(output.output, output.error),
    correlationId: output.correlationId,
    model: output.model,
    isValid: output.isValid,
  }
}

/**
 * One agent run's output for one symbol: fetched outputs (one per model asked) and the pushed
 * event of the run share it. Null without a correlation id, which nothing can match.
 */
function runKey(item: Pick<FeedItem, 'agent' | 'symbol' | 'correlationId'>): string | null {
  return item.correlationId === null
    ? null
    : `${item.agent} ${item.symbol ?? ''} ${item.correlationId}`
}

/** Returns the store for the agent feed, trading decisions and decision traces. */
export function createDecisionsStore(api: EngineApi): DecisionsStore {
  const initial = {
    feed: notLoaded<FeedItem[]>(),
    decisions: notLoaded<TradingDecision[]>(),
    traces: {},
    selectedCorrelationId: null,
  }
  let eventSequence = 0
  const store: DecisionsStore = createStore<DecisionsState>()((set, get) => ({
    ...initial,
    loadFeed: (limit = 100) =>
      loadInto(store, 'feed', async () => {
        const fetched = (await api.invoke('agents:outputs', { limit })).map(feedItemFromOutput)
        const fetchedRuns = new Set(fetched.map(runKey))
        const newestFetched = Math.max(...fetched.map((item) => item.at))
        // Pushed while the load was out, after the engine read the page: kept, not lost.
        const pushedMeanwhile = (get().feed.data ?? []).filter(
          (item) =>
            item.model === null && item.at >= newestFetched && !fetchedRuns.has(runKey(item)),
        )
        return [...pushedMeanwhile, ...fetched].sort((a, b) => b.at - a.at)
      }),
    loadDecisions: (limit = 50) =>
      loadInto(store, 'decisions', () => api.invoke('decisions:recent', { limit })),
    async openTrace(correlationId) {
      set({ selectedCorrelationId: correlationId })
      await loadEntryInto(store, 'traces', correlationId, () =>
        api.invoke('decisions:trace', { correlationId }),
      )
    },
    closeTrace: () => set({ selectedCorrelationId: null }),
    applyEvents(batch) {
      const items: FeedItem[] = []
      let hasDecision = false
      const shown = new Set((get().feed.data ?? []).map(runKey))
      for (const event of batch) {
        if (event.type !== 'agent.output') continue
        // An output the feed's load already fetched can still arrive pushed (it was
        // published while the load was answered): the same run once, not twice.
        const key = runKey(event)
        if (key !== null) {
          if (shown.has(key)) continue
          shown.add(key)
        }
        if (event.agent === 'trading_decision') hasDecision = true
        eventSequence += 1
        items.push({
          id: `event-${event.at}-${eventSequence}`,
          at: event.at,
          agent: event.agent,
          symbol: event.symbol,
          summary: event.summary,
          correlationId: event.correlationId,
          model: null,
          isValid: true,
        })
      }
      if (items.length === 0) return
      const feed = get().feed
      set({
        feed: {
          ...feed,
          data: [...items.reverse(), ...(feed.data ?? [])].slice(0, MAX_FEED_ITEMS),
        },
      })
      const decisions = get().decisions
      if (hasDecision && decisions.data && !decisions.isLoading) void get().loadDecisions()
    },
    reset: () => {
      eventSequence = 0
      set(initial)
    },
  }))
  return store
}
