import { useXAxisScale, useYAxisScale } from 'recharts'
import { barWidth } from '../chart/bar-width'
import type { ChartRow } from '../chart/chart-rows'
import { CANDLE_DOWN, CANDLE_UP } from './candle-layer'

/**
 * Draws the volume bars as two SVG paths (up and down candles) from the chart's scales; the
 * forming candle's bar fainter, as its volume is still growing.
 */
export function VolumeLayer(props: { rows: readonly ChartRow[] }) {
  const xScale = useXAxisScale()
  const yScale = useYAxisScale()
  if (!xScale || !yScale || props.rows.length === 0) return null
  const centers = props.rows.map((row) => xScale(row.t, { position: 'middle' }) ?? Number.NaN)
  const width = barWidth(centers)
  const base = yScale(0)
  if (base === undefined) return null
  let up = ''
  let down = ''
  let forming = ''
  props.rows.forEach((row, index) => {
    const x = centers[index] as number
    const top = yScale(row.v)
    if (!Number.isFinite(x) || top === undefined) return
    const bar = `M${(x - width / 2).toFixed(1)} ${top.toFixed(1)}h${width.toFixed(1)}V${base.toFixed(1)}h${(-width).toFixed(1)}Z`
    if (row.isForming) forming = bar
    else if (row.isUp) up += bar
    else down += bar
  })
  return (
    <g className="volume">
      <path d={up} fill={CANDLE_UP} fillOpacity={0.45} />
      <path d={down} fill={CANDLE_DOWN} fillOpacity={0.45} />
      <path className="forming" d={forming} fill="#8089a0" fillOpacity={0.3} />
    </g>
  )
}
