import type { ModelStats } from '../../../src-shared/contract'
import { formatDecimal, formatPct, formatRatio } from '../format/numbers'

/** The A/B comparison of trading-decision models. */
export function ModelComparisonTable(props: { stats: readonly ModelStats[] }) {
  const best = (pick: (stats: ModelStats) => number | null) =>
    Math.max(...props.stats.map((stats) => pick(stats) ?? -Infinity))
  const bestHit24 = best((stats) => stats.hitRate24h)
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Model comparison">
        <thead>
          <tr>
            <th>Model</th>
            <th>Provider</th>
            <th className="num">Votes</th>
            <th className="num">Valid</th>
            <th className="num">Agreement</th>
            <th className="num">Hit 1 h</th>
            <th className="num">Hit 4 h</th>
            <th className="num">Hit 24 h</th>
            <th className="num">Avg latency</th>
            <th className="num">Cost (USD)</th>
          </tr>
        </thead>
        <tbody>
          {props.stats.map((stats) => (
            <tr key={`${stats.provider}-${stats.model}`}>
              <td className="mono">{stats.model}</td>
              <td className="muted">{stats.provider}</td>
              <td className="num">{stats.votes}</td>
              <td className="num">{stats.validVotes}</td>
              <td className="num">{formatPct(stats.agreementPct, 0)}</td>
              <td className="num">{formatRatio(stats.hitRate1h, 0)}</td>
              <td className="num">{formatRatio(stats.hitRate4h, 0)}</td>
              <td
                className={`num ${stats.hitRate24h !== null && stats.hitRate24h === bestHit24 ? 'up' : ''}`}
              >
                {formatRatio(stats.hitRate24h, 0)}
              </td>
              <td className="num">
                {stats.averageLatencyMs === null ? '—' : `${Math.round(stats.averageLatencyMs)} ms`}
              </td>
              <td className="num">{formatDecimal(stats.totalCostUsd, { places: 4 })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
