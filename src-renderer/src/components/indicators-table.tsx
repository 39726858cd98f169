import type { MarketSnapshotView } from '../../../src-shared/contract'
import { formatIndicatorFull, formatIndicatorValue } from '../format/indicator-value'

/**
 * A symbol's indicators, a column per timeframe: each value short (see
 * {@link formatIndicatorValue}), in full on hover.
 */
export function IndicatorsTable(props: { indicators: MarketSnapshotView['indicators'] }) {
  const { indicators } = props
  const timeframes = Object.keys(indicators)
  const names = [
    ...new Set(timeframes.flatMap((timeframe) => Object.keys(indicators[timeframe] ?? {}))),
  ]
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Indicators">
        <thead>
          <tr>
            <th>Indicator</th>
            {timeframes.map((timeframe) => (
              // As written: upper case would turn one minute (1m) into one month (1M).
              <th key={timeframe} className="num as-written">
                {timeframe}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {names.map((name) => (
            <tr key={name}>
              <td>{name}</td>
              {timeframes.map((timeframe) => {
                const value = indicators[timeframe]?.[name]
                return (
                  <td key={timeframe} className="num" title={formatIndicatorFull(value)}>
                    {formatIndicatorValue(value)}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
