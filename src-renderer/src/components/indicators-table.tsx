import type { MarketSnapshotView } from '../../../src-shared/contract'
import { indicatorName } from '../format/indicator-name'
import { formatIndicatorFull, formatIndicatorReading } from '../format/indicator-value'

/**
 * A symbol's indicators, a row per indicator under the name traders know it by (the engine's
 * key, as the config and agents' prompts write it, on hover) and a column per timeframe: each
 * value short (see {@link formatIndicatorReading}), in full on hover.
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
              <td title={name}>{indicatorName(name)}</td>
              {timeframes.map((timeframe) => {
                const value = indicators[timeframe]?.[name]
                return (
                  <td key={timeframe} className="num" title={formatIndicatorFull(value)}>
                    {formatIndicatorReading(name, value)}
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
