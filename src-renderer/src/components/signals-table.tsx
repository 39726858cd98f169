import { memo, useMemo } from 'react'
import type { FeedItem } from '../store/decisions-store'
import { formatRelative } from '../format/time'

const AGENT_COLUMNS = [
  ['technical_analysis', 'Technical'],
  ['regime_detection', 'Regime'],
  ['sentiment', 'Sentiment'],
  ['trading_decision', 'Decision'],
] as const

/** Returns the newest feed item per symbol and agent. */
export function latestSignals(feed: readonly FeedItem[]): Map<string, Map<string, FeedItem>> {
  const bySymbol = new Map<string, Map<string, FeedItem>>()
  for (const item of feed) {
    if (!item.symbol) continue
    const agents = bySymbol.get(item.symbol) ?? new Map<string, FeedItem>()
    const current = agents.get(item.agent)
    if (!current || current.at < item.at) agents.set(item.agent, item)
    bySymbol.set(item.symbol, agents)
  }
  return bySymbol
}

/** The latest agent signal per symbol, one column per agent. */
export const SignalsTable = memo(function SignalsTable(props: {
  feed: readonly FeedItem[]
  /** The engine's time; null while unknown. */
  now: number | null
}) {
  const latest = useMemo(() => latestSignals(props.feed), [props.feed])
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
      <table className="data" aria-label="Latest signals per symbol">
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
            const agents = latest.get(symbol) as Map<string, FeedItem>
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
