import { asWords } from '../../../src-shared/words'
import { BreakersTable } from '../components/breakers-table'
import { DegradationHistory } from '../components/degradation-history'
import { KeyValueList } from '../components/key-value-list'
import { LoadState } from '../components/load-state'
import { Panel } from '../components/panel'
import { TaskTable } from '../components/task-table'
import { SignedValue } from '../components/signed-value'
import { SymbolTrading } from '../components/symbol-trading'
import { formatDateTime } from '../format/time'
import { formatPct, formatUsd } from '../format/numbers'
import { useEngineNow } from '../hooks/use-engine-now'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/**
 * How often the coordinator and risk status are fetched anyway: state, degradation and paused
 * symbols follow `coordinator.state` pushes, tasks their `task.updated`, breakers, cooldown
 * and the risk engine's paused symbols `risk.status`; this is the fallback for all of them
 * and the refresh of the statistics and P&L, which change often and are not pushed.
 */
const STATUS_POLL_MS = 15_000

/** Scheduled tasks, degradation history, statistics and the risk state. */
export function CoordinatorView() {
  const status = useStoreState('coordinator', (state) => state.status)
  const risk = useStoreState('risk', (state) => state.status)
  const coordinator = useActions('coordinator')
  const riskActions = useActions('risk')
  const now = useEngineNow(1000)
  useReload(() => void coordinator.load(), STATUS_POLL_MS)
  useReload(() => void riskActions.load(), STATUS_POLL_MS)
  return (
    <>
      <Panel title="Scheduled tasks" isFlush>
        <LoadState
          loadable={status}
          label="coordinator status"
          onRetry={() => void coordinator.load()}
          isEmpty={(data) => data.tasks.length === 0}
          empty="No tasks scheduled (see config/orchestration.yaml)."
        >
          {(data) => <TaskTable tasks={data.tasks} now={now} />}
        </LoadState>
      </Panel>
      <div className="grid two-columns">
        <Panel title="Degradation and recovery" isFlush>
          <LoadState loadable={status} label="degradation history">
            {(data) => <DegradationHistory history={data.degradationHistory} />}
          </LoadState>
        </Panel>
        <Panel title="Symbols and statistics">
          <LoadState loadable={status} label="statistics">
            {(data) => (
              <KeyValueList
                label="Coordinator statistics"
                items={[
                  [
                    'Symbols',
                    <SymbolTrading symbols={data.symbols} pausedSymbols={data.pausedSymbols} />,
                  ],
                  ...Object.entries(data.statistics).map(
                    ([key, value]) => [asWords(key), value.toLocaleString('en-US')] as const,
                  ),
                ]}
              />
            )}
          </LoadState>
        </Panel>
      </div>
      <div className="grid two-columns">
        <Panel title="Circuit breakers" isFlush>
          <LoadState loadable={risk} label="risk status" onRetry={() => void riskActions.load()}>
            {(data) => <BreakersTable status={data} />}
          </LoadState>
        </Panel>
        <Panel title="Risk state">
          <LoadState loadable={risk} label="risk state">
            {(data) => (
              <KeyValueList
                label="Risk state"
                items={[
                  // Realised only: what the loss breakers count (the status bar's Today P&L
                  // adds open positions' unrealised P&L).
                  ['Realised P&L today', <SignedValue value={data.dailyPnl} />],
                  ['Realised P&L this week', <SignedValue value={data.weeklyPnl} />],
                  ['Equity peak', formatUsd(data.equityPeak)],
                  ['Drawdown', formatPct(data.drawdownPct)],
                  ['Consecutive losses', String(data.consecutiveLosses)],
                  [
                    'Cooldown until',
                    data.cooldownUntil ? formatDateTime(data.cooldownUntil) : 'none',
                  ],
                  ['Paused by risk', data.pausedSymbols.join(', ') || 'none'],
                ]}
              />
            )}
          </LoadState>
        </Panel>
      </div>
    </>
  )
}
