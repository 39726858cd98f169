import { useYAxisScale, useXAxisScale } from 'recharts'
import { barWidth } from '../chart/bar-width'
import type { ChartRow } from '../chart/chart-rows'

export const CANDLE_UP = '#2bc48a'
export const CANDLE_DOWN = '#f0565a'

/**
 * Draws every candle of the chart as four SVG paths (wicks and bodies, up and down) from the
 * chart's own scales. One path per colour instead of one element per candle keeps a
 * 10,000-candle view fast; recharts still owns axes, tooltip and overlays. The forming candle
 * is drawn hollow, so it does not read as closed.
 */
export function CandleLayer(props: { rows: readonly ChartRow[] }) {
  const xScale = useXAxisScale()
  const yScale = useYAxisScale()
  if (!xScale || !yScale || props.rows.length === 0) return null
  const centers = props.rows.map((row) => xScale(row.t, { position: 'middle' }) ?? Number.NaN)
  const bodyWidth = barWidth(centers)
  const half = bodyWidth / 2
  const paths = { upWicks: '', upBodies: '', downWicks: '', downBodies: '' }
  let forming = null as { wick: string; body: string; colour: string } | null
  props.rows.forEach((row, index) => {
    const x = centers[index] as number
    const high = yScale(row.h)
    const low = yScale(row.l)
    const open = yScale(row.o)
    const close = yScale(row.c)
    if (
      !Number.isFinite(x) ||
      high === undefined ||
      low === undefined ||
      open === undefined ||
      close === undefined
    )
      return
    const top = Math.min(open, close)
    const bottom = Math.max(open, close, top + 1)
    const wick = `M${x.toFixed(1)} ${high.toFixed(1)}V${low.toFixed(1)}`
    const body = `M${(x - half).toFixed(1)} ${top.toFixed(1)}h${bodyWidth.toFixed(1)}V${bottom.toFixed(1)}h${(-bodyWidth).toFixed(1)}Z`
    if (row.isForming) {
      forming = { wick, body, colour: row.isUp ? CANDLE_UP : CANDLE_DOWN }
    } else if (row.isUp) {
      paths.upWicks += wick
      paths.upBodies += body
    } else {
      paths.downWicks += wick
      paths.downBodies += body
    }
  })
  return (
    <g className="candles" data-count={props.rows.length}>
      <path className="candle" d={paths.upWicks} stroke={CANDLE_UP} strokeWidth={1} fill="none" />
      <path
        className="candle"
        d={paths.downWicks}
        stroke={CANDLE_DOWN}
        strokeWidth={1}
        fill="none"
      />
      <path className="candle" d={paths.upBodies} fill={CANDLE_UP} />
      <path className="candle" d={paths.downBodies} fill={CANDLE_DOWN} />
      {forming === null ? null : (
        <path
          className="candle forming"
          d={forming.wick + forming.body}
          stroke={forming.colour}
          strokeWidth={1}
          fill={forming.colour}
          fillOpacity={0.15}
        />
      )}
    </g>
  )
}
