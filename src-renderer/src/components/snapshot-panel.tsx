import { asWords } from '../../../src-shared/words'
import type { MarketSnapshotView } from '../../../src-shared/contract'
import { formatDuration } from '../format/time'
import { formatPrice } from '../format/numbers'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/** A decimal sent as text, the way prices cross IPC and HTTP (`"55080.733"`). */
const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/

/**
 * One agent output field as text: numbers to 2 or 3 places, decimal texts (key levels) as
 * prices, lists comma-separated, nested fields as `name value · name value`; nothing as a dash.
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return formatPrice(value)
  if (typeof value === 'number') {
    const places = Math.abs(value) < 1 ? 3 : 2
    return value.toLocaleString('en-US', {
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    })
  }
  if (Array.isArray(value)) return value.length === 0 ? '—' : value.map(formatValue).join(', ')
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([name, field]) => `${asWords(name)} ${formatValue(field)}`)
      .join(' · ')
  }
  return String(value)
}

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
              ([key, value]) => [asWords(key), formatValue(value)] as const,
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
              ([key, value]) => [asWords(key), formatValue(value)] as const,
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
                    {formatValue(snapshot.indicators[timeframe]?.[name])}
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
