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
import { PushesDuringLoad } from './pushes-during-load'

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
  const pushedWhileLoading = new PushesDuringLoad<FeedItem>()
  const store: DecisionsStore = createStore<DecisionsState>()((set, get) => {
    /**
     * Puts pushed lines on top of the feed, each run once: an output the feed's load fetched
     * can still arrive pushed (it was published while the load was answered). Returns the
     * lines added.
     */
    function prependToFeed(items: readonly FeedItem[]): FeedItem[] {
      const feed = get().feed
      const shown = new Set((feed.data ?? []).map(runKey))
      const added: FeedItem[] = []
      for (const item of items) {
        const key = runKey(item)
        if (key !== null) {
          if (shown.has(key)) continue
          shown.add(key)
        }
        added.push(item)
      }
      if (added.length === 0) return added
      const data = [...added, ...(feed.data ?? [])].sort((a, b) => b.at - a.at)
      set({ feed: { ...feed, data: data.slice(0, MAX_FEED_ITEMS) } })
      return added
    }

    return {
      ...initial,
      loadFeed: (limit = 100) =>
        pushedWhileLoading.around(
          () =>
            loadInto(store, 'feed', async () =>
              (await api.invoke('agents:outputs', { limit }))
                .map(feedItemFromOutput)
                .sort((a, b) => b.at - a.at),
            ),
          prependToFeed,
        ),
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
        const pushed: FeedItem[] = []
        for (const event of batch) {
          if (event.type !== 'agent.output') continue
          eventSequence += 1
          pushed.push({
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
        // Newest first, as the feed shows them.
        const added = prependToFeed(pushed.reverse())
        for (const item of added) pushedWhileLoading.note(item)
        const decisions = get().decisions
        const hasDecision = added.some((item) => item.agent === 'trading_decision')
        if (hasDecision && decisions.data && !decisions.isLoading) void get().loadDecisions()
      },
      reset: () => {
        eventSequence = 0
        pushedWhileLoading.clear()
        set(initial)
      },
    }
  })
  return store
}
