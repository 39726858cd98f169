import { ActivityFeed } from '../components/activity-feed'
import { AllocationBars } from '../components/allocation-bars'
import { EquityChart } from '../components/equity-chart'
import { ErrorMessage } from '../components/error-message'
import { FirstRunNotice } from '../components/first-run-notice'
import { LoadState } from '../components/load-state'
import { Panel } from '../components/panel'
import { PositionsSummary } from '../components/positions-summary'
import { ScheduledBatchesTable } from '../components/scheduled-batches-table'
import { SignalsTable } from '../components/signals-table'
import { useEngineNow } from '../hooks/use-engine-now'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'
import type { TradingDecision } from '../../../src-shared/contract'

const NO_DECISIONS: readonly TradingDecision[] = []

/**
 * Equity, allocation with the rebalance trades scheduled to fix it, positions, latest signals
 * and recent events at a glance.
 */
export function OverviewView() {
  const equityCurve = useStoreState('portfolio', (state) => state.equityCurve)
  const allocation = useStoreState('portfolio', (state) => state.allocation)
  const batches = useStoreState('portfolio', (state) => state.batches)
  const cancelError = useStoreState('portfolio', (state) => state.cancelError)
  const openPositions = useStoreState('positions', (state) => state.open)
  const feed = useStoreState('decisions', (state) => state.feed)
  const recentDecisions = useStoreState('decisions', (state) => state.decisions.data)
  const activity = useStoreState('activity', (state) => state.entries)
  const recentError = useStoreState('activity', (state) => state.recentError)
  const activityActions = useActions('activity')
  const portfolio = useActions('portfolio')
  const decisions = useActions('decisions')
  const navigation = useActions('navigation')
  const now = useEngineNow(5000)
  useReload(() => void portfolio.loadEquityCurve())
  useReload(() => void portfolio.loadAllocation(), 30_000)
  useReload(() => void portfolio.loadBatches(), 30_000)
  useReload(() => void decisions.loadFeed())
  useReload(() => void decisions.loadDecisions())
  const openTrace = (correlationId: string) => {
    void decisions.openTrace(correlationId)
    navigation.go('decisions')
  }
  return (
    <>
      <FirstRunNotice />
      <div className="grid overview-grid">
        {/* Two columns that grow independently: a long list of scheduled trades must not
            stretch the equity chart's panel. */}
        <div className="panel-stack">
          <Panel title="Equity">
            <LoadState
              loadable={equityCurve}
              label="equity curve"
              onRetry={() => void portfolio.loadEquityCurve()}
              empty="No equity history yet: the curve starts with the first portfolio snapshot."
            >
              {(points) => <EquityChart points={points} />}
            </LoadState>
          </Panel>
          <Panel title="Latest signals" isFlush>
            <LoadState
              loadable={feed}
              label="agent outputs"
              onRetry={() => void decisions.loadFeed()}
            >
              {(items) => (
                <SignalsTable feed={items} decisions={recentDecisions ?? NO_DECISIONS} now={now} />
              )}
            </LoadState>
          </Panel>
        </div>
        <div className="panel-stack">
          <Panel title="Allocation vs target" isFlush>
            <LoadState
              loadable={allocation}
              label="allocation"
              onRetry={() => void portfolio.loadAllocation()}
              isEmpty={(data) => data.assets.length === 0}
              empty="No balances yet."
            >
              {(data) => <AllocationBars allocation={data} />}
            </LoadState>
          </Panel>
          <Panel title="Scheduled rebalance trades" isFlush>
            {cancelError ? (
              <ErrorMessage error={cancelError.error} prefix="Cancel refused" />
            ) : null}
            <LoadState
              loadable={batches}
              label="scheduled rebalance trades"
              onRetry={() => void portfolio.loadBatches()}
              empty="Nothing scheduled. When a rebalance splits a large trade into DCA batches, the batches still to trade are listed here until they run."
            >
              {(data) => <ScheduledBatchesTable batches={data} now={now} />}
            </LoadState>
          </Panel>
          <Panel
            title="Open positions"
            isFlush
            actions={
              <button
                type="button"
                className="button small"
                onClick={() => navigation.go('positions')}
              >
                Manage
              </button>
            }
          >
            <LoadState
              loadable={openPositions}
              label="positions"
              empty="No open positions. New positions appear here when the trading decision agent's signals pass the risk checks."
            >
              {(positions) => <PositionsSummary positions={positions} />}
            </LoadState>
          </Panel>
        </div>
        <Panel title="Recent events" isFlush className="span-2">
          {recentError ? (
            <ErrorMessage
              error={recentError}
              prefix="Earlier events not loaded"
              onRetry={() => void activityActions.loadRecent()}
            />
          ) : null}
          <ActivityFeed entries={activity} limit={30} onOpenTrace={openTrace} />
        </Panel>
      </div>
    </>
  )
}
