import { memo } from 'react'
import type { Allocation } from '../../../src-shared/contract'
import { formatPct, formatQuantity, formatUsd, toChartNumber } from '../format/numbers'

/**
 * Current allocation vs target per asset: the bar is the current share, the white tick the
 * target, the shaded band target ± rebalance threshold; a bar outside its band turns amber.
 */
export const AllocationBars = memo(function AllocationBars(props: { allocation: Allocation }) {
  const { allocation } = props
  const threshold = toChartNumber(allocation.thresholdPct) ?? 0
  const scale = Math.max(
    50,
    ...allocation.assets.map((asset) =>
      Math.max(toChartNumber(asset.pct) ?? 0, (toChartNumber(asset.targetPct) ?? 0) + threshold),
    ),
  )
  const percent = (value: number) => `${Math.min(100, Math.max(0, (value / scale) * 100))}%`
  const notRebalanced = setAside(allocation)
  const isOverall = (toChartNumber(allocation.maxDeviationPct) ?? 0) > threshold
  return (
    <div>
      <div className="summary-strip">
        <div className="metric">
          {/* Not the account's equity: hodl bags and open positions are left out. */}
          <span className="label">Rebalanced equity</span>
          <span className="value">{formatUsd(allocation.totalEquity)}</span>
        </div>
        <div className="metric">
          <span className="label">Max deviation</span>
          <span className={`value ${isOverall ? 'warn-text' : ''}`}>
            {formatPct(allocation.maxDeviationPct)}
          </span>
        </div>
        <div className="metric">
          <span className="label">Rebalance threshold</span>
          <span className="value">{formatPct(allocation.thresholdPct)}</span>
        </div>
      </div>
      <div style={{ padding: '6px 10px' }} role="table" aria-label="Allocation vs target">
        <div className="allocation-row muted" role="row" style={{ height: 22, fontSize: 10.5 }}>
          <span role="columnheader">ASSET</span>
          <span role="columnheader">CURRENT VS TARGET ± THRESHOLD</span>
          <span role="columnheader" className="num" style={{ textAlign: 'right' }}>
            NOW
          </span>
          <span role="columnheader" className="num" style={{ textAlign: 'right' }}>
            TARGET
          </span>
          <span role="columnheader" className="num" style={{ textAlign: 'right' }}>
            DEV
          </span>
        </div>
        {allocation.assets.map((asset) => {
          const pct = toChartNumber(asset.pct) ?? 0
          const target = toChartNumber(asset.targetPct) ?? 0
          const deviation = toChartNumber(asset.deviationPct) ?? 0
          const isOver = Math.abs(deviation) > threshold
          return (
            <div className="allocation-row" role="row" key={asset.asset}>
              <strong role="cell">{asset.asset}</strong>
              <div
                className="allocation-track"
                role="cell"
                aria-label={`${asset.asset} ${formatPct(asset.pct)} of target ${formatPct(asset.targetPct)}`}
              >
                <div
                  className="allocation-band"
                  style={{
                    left: percent(target - threshold),
                    width: `calc(${percent(target + threshold)} - ${percent(target - threshold)})`,
                  }}
                />
                <div
                  className="allocation-fill"
                  data-over={isOver}
                  style={{ width: percent(pct) }}
                />
                <div className="allocation-target" style={{ left: percent(target) }} />
              </div>
              <span role="cell" className="num" style={{ textAlign: 'right' }}>
                {formatPct(asset.pct, 1)}
              </span>
              <span role="cell" className="num muted" style={{ textAlign: 'right' }}>
                {formatPct(asset.targetPct, 1)}
              </span>
              <span
                role="cell"
                className={`num ${isOver ? 'warn-text' : 'muted'}`}
                style={{ textAlign: 'right' }}
              >
                {formatPct(asset.deviationPct, 1, true)}
              </span>
            </div>
          )
        })}
        {notRebalanced ? (
          <p className="muted" aria-label="Not rebalanced" style={{ margin: '6px 0 0' }}>
            {notRebalanced}
          </p>
        ) : null}
        {allocation.warnings.length > 0 ? (
          <ul className="form-errors" aria-label="Allocation warnings" style={{ marginTop: 6 }}>
            {allocation.warnings.map((warning) => (
              <li key={warning} className="warn-text">
                {warning}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  )
})

/**
 * What the allocation leaves out, in words ("Not rebalanced: 0.0155 BTC hodl bag, 0.03 BTC in
 * open positions"), or null when nothing is: the bars are of the rest.
 */
function setAside(allocation: Allocation): string | null {
  const parts: string[] = []
  for (const asset of allocation.assets) {
    if ((toChartNumber(asset.hodl) ?? 0) > 0) {
      parts.push(`${formatQuantity(asset.hodl)} ${asset.asset} hodl bag`)
    }
    if ((toChartNumber(asset.inPositions) ?? 0) > 0) {
      parts.push(`${formatQuantity(asset.inPositions)} ${asset.asset} in open positions`)
    }
  }
  return parts.length > 0 ? `Not rebalanced: ${parts.join(', ')}` : null
}
