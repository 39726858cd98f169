import { useState } from 'react'
import type { FormEvent } from 'react'
import { AgentFeed } from '../components/agent-feed'
import { DecisionTraceView } from '../components/decision-trace-view'
import { DecisionsTable } from '../components/decisions-table'
import { LoadState } from '../components/load-state'
import { Panel } from '../components/panel'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/** The agent feed and trading decisions, and the decision trace of any correlation id. */
export function DecisionsView() {
  const feed = useStoreState('decisions', (state) => state.feed)
  const decisionsList = useStoreState('decisions', (state) => state.decisions)
  const selected = useStoreState('decisions', (state) => state.selectedCorrelationId)
  const trace = useStoreState('decisions', (state) =>
    state.selectedCorrelationId ? state.traces[state.selectedCorrelationId] : undefined,
  )
  const decisions = useActions('decisions')
  const [query, setQuery] = useState('')
  useReload(() => void decisions.loadFeed())
  useReload(() => void decisions.loadDecisions())

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const correlationId = query.trim()
    if (correlationId) void decisions.openTrace(correlationId)
  }
  const decision =
    decisionsList.data?.find((candidate) => candidate.correlationId === selected) ?? null
  return (
    <div className="grid decisions-grid">
      <div className="grid" style={{ alignContent: 'start' }}>
        <Panel title="Trading decisions" isFlush>
          <LoadState
            loadable={decisionsList}
            label="decisions"
            onRetry={() => void decisions.loadDecisions()}
            empty="No trading decisions yet. The trading decision agent runs on its schedule (see Coordinator)."
          >
            {(data) => (
              <DecisionsTable
                decisions={data}
                selected={selected}
                onOpenTrace={(id) => void decisions.openTrace(id)}
              />
            )}
          </LoadState>
        </Panel>
        <Panel title="Agent outputs" isFlush>
          <LoadState
            loadable={feed}
            label="agent outputs"
            onRetry={() => void decisions.loadFeed()}
            empty="No agent outputs yet."
          >
            {(items) => (
              <AgentFeed items={items} onOpenTrace={(id) => void decisions.openTrace(id)} />
            )}
          </LoadState>
        </Panel>
      </div>
      <Panel
        title="Decision trace"
        isFlush
        actions={
          <form
            className="button-row"
            onSubmit={submit}
            role="search"
            aria-label="Find a decision trace"
          >
            <input
              className="input mono"
              aria-label="Correlation id"
              placeholder="correlation id"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
              size={22}
            />
            <button type="submit" className="button small" disabled={query.trim() === ''}>
              Open trace
            </button>
          </form>
        }
      >
        {selected === null ? (
          <div className="state-box" role="status">
            Pick a decision, an agent output or a closed position to see its trace: signals, each
            model&apos;s vote, conflicts and their resolution, every risk check, the order and its
            fills.
          </div>
        ) : (
          <LoadState
            loadable={trace ?? { data: null, isLoading: true, error: null }}
            label={`trace ${selected}`}
            onRetry={() => void decisions.openTrace(selected)}
          >
            {(data) => <DecisionTraceView trace={data} decision={decision} />}
          </LoadState>
        )}
      </Panel>
    </div>
  )
}
