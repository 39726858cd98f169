import { memo, useMemo } from 'react'
import type { TradingDecision } from '../../../src-shared/contract'
import type { FeedItem } from '../store/decisions-store'
import { latestSignals, type SignalCell } from '../store/latest-signals'
import { formatRelative } from '../format/time'

const AGENT_COLUMNS = [
  ['technical_analysis', 'Technical'],
  ['regime_detection', 'Regime'],
  ['sentiment', 'Sentiment'],
  ['trading_decision', 'Decision'],
] as const

/**
 * The latest agent signal per symbol, one column per agent; the Decision column shows the
 * trading decision's consensus (see {@link latestSignals}).
 */
export const SignalsTable = memo(function SignalsTable(props: {
  feed: readonly FeedItem[]
  decisions: readonly TradingDecision[]
  /** The engine's time; null while unknown. */
  now: number | null
}) {
  const latest = useMemo(
    () => latestSignals(props.feed, props.decisions),
    [props.feed, props.decisions],
  )
  const symbols = [...latest.keys()].sort()
  if (symbols.length === 0) {
    return (
      <div className="state-box" role="status">
        No agent signals yet. The analysis tasks publish their first outputs after their first
        scheduled run.
      </div>
    )
  }
  return (
    <div className="table-wrap">
      <table className="data wrap-cells" aria-label="Latest signals per symbol">
        <thead>
          <tr>
            <th>Symbol</th>
            {AGENT_COLUMNS.map(([, title]) => (
              <th key={title}>{title}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {symbols.map((symbol) => {
            const agents = latest.get(symbol) as Map<string, SignalCell>
            return (
              <tr key={symbol}>
                <td>
                  <strong>{symbol}</strong>
                </td>
                {AGENT_COLUMNS.map(([agent]) => {
                  const item = agents.get(agent)
                  return (
                    <td key={agent} title={item ? formatRelative(item.at, props.now) : undefined}>
                      {item ? (
                        <span className={item.isValid ? '' : 'down'}>{item.summary}</span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  )
                })}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
})
