import { asWords } from '../../../src-shared/words'
import type { MarketSnapshotView } from '../../../src-shared/contract'
import { formatDuration } from '../format/time'
import { formatPrice } from '../format/numbers'
import { formatAgentField, formatAgentValue } from '../format/agent-fields'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/** Price, freshness, indicators per timeframe, and the latest TA and regime outputs. */
export function SnapshotPanel(props: { snapshot: MarketSnapshotView }) {
  const { snapshot } = props
  const timeframes = Object.keys(snapshot.indicators)
  const indicatorNames = [
    ...new Set(
      timeframes.flatMap((timeframe) => Object.keys(snapshot.indicators[timeframe] ?? {})),
    ),
  ]
  return (
    <div>
      <div className="summary-strip">
        <div className="metric">
          <span className="label">Price</span>
          <span className="value">{formatPrice(snapshot.price)}</span>
        </div>
        <div className="metric">
          <span className="label">24 h</span>
          <span className="value">
            <SignedValue value={snapshot.change24hPct} kind="pct" />
          </span>
        </div>
        <div className="metric">
          <span className="label">Data age</span>
          <span className={`value ${snapshot.isStale ? 'warn-text' : ''}`}>
            {formatDuration(snapshot.dataAgeMs)}
          </span>
        </div>
      </div>
      {snapshot.isStale ? (
        <div className="notice warning" role="note" style={{ margin: 8 }}>
          {`Stale data: ${snapshot.staleParts.join(', ') || 'market data'}. Signals may be unreliable.`}
        </div>
      ) : null}
      <div style={{ padding: '8px 10px' }}>
        <h3 className="muted" style={{ fontSize: 11, textTransform: 'uppercase', marginBottom: 4 }}>
          Regime
        </h3>
        {snapshot.latestRegime ? (
          <KeyValueList
            label="Latest regime"
            items={Object.entries(snapshot.latestRegime).map(
              ([key, value]) => [asWords(key), formatAgentField(key, value)] as const,
            )}
          />
        ) : (
          <p className="muted">No regime output yet.</p>
        )}
        <h3
          className="muted"
          style={{ fontSize: 11, textTransform: 'uppercase', margin: '10px 0 4px' }}
        >
          Technical analysis
        </h3>
        {snapshot.latestTa ? (
          <KeyValueList
            label="Latest technical analysis"
            items={Object.entries(snapshot.latestTa).map(
              ([key, value]) => [asWords(key), formatAgentField(key, value)] as const,
            )}
          />
        ) : (
          <p className="muted">No technical analysis output yet.</p>
        )}
      </div>
      {indicatorNames.length > 0 ? (
        <table className="data" aria-label="Indicators">
          <thead>
            <tr>
              <th>Indicator</th>
              {timeframes.map((timeframe) => (
                <th key={timeframe} className="num">
                  {timeframe}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {indicatorNames.map((name) => (
              <tr key={name}>
                <td>{name}</td>
                {timeframes.map((timeframe) => (
                  <td key={timeframe} className="num">
                    {formatAgentValue(snapshot.indicators[timeframe]?.[name])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  )
}
