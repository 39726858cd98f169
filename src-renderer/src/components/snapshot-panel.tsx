import { asWords } from '../../../src-shared/words'
import type { MarketSnapshotView } from '../../../src-shared/contract'
import { formatDuration } from '../format/time'
import { formatPrice } from '../format/numbers'
import { formatDetailValue } from '../format/detail-lines'
import { KeyValueList } from './key-value-list'
import { SignedValue } from './signed-value'

/**
 * An agent output's fields, each its name in words and its value as the order timeline and the
 * decision trace show it: key levels as prices, a confidence as a percentage, a score readably.
 */
const outputItems = (output: Readonly<Record<string, unknown>>) =>
  Object.entries(output).map(
    ([name, value]) => [asWords(name), formatDetailValue(name, value)] as const,
  )

/**
 * Price, freshness, and the latest TA and regime outputs; the indicators have a panel of their
 * own (IndicatorsTable), wide enough for a column per timeframe.
 */
export function SnapshotPanel(props: { snapshot: MarketSnapshotView }) {
  const { snapshot } = props
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
          <KeyValueList label="Latest regime" items={outputItems(snapshot.latestRegime)} />
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
          <KeyValueList label="Latest technical analysis" items={outputItems(snapshot.latestTa)} />
        ) : (
          <p className="muted">No technical analysis output yet.</p>
        )}
      </div>
    </div>
  )
}
