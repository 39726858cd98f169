import { memo, useMemo } from 'react'
import {
  Area,
  AreaChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { EquityPoint } from '../../../src-shared/contract'
import { niceScale, stepPlaces, thin } from '../../../src-shared/chart-scale'
import { timeTicks } from '../../../src-shared/time-ticks'
import { formatTimeTick } from '../chart/time-tick-label'
import { formatDecimal, formatUsd, toChartNumber } from '../format/numbers'
import { formatDateTime } from '../format/time'

/** The most points the equity curve draws; longer curves are thinned evenly. */
export const MAX_EQUITY_CHART_POINTS = 400

/** About this many labels per axis: they fit the overview's half of a 1024 px window. */
const TIME_TICKS = 4
const VALUE_TICKS = 5

interface EquityRow {
  t: number
  equity: number | null
}

function EquityTooltip(props: { active?: boolean; payload?: readonly { payload?: EquityRow }[] }) {
  const row = props.payload?.[0]?.payload
  if (!props.active || !row) return null
  return (
    <div className="chart-tooltip">
      <div className="muted">{formatDateTime(row.t)}</div>
      <div>{`Equity ${formatUsd(row.equity)} USD`}</div>
    </div>
  )
}

/**
 * Equity over time as a filled line, with gridlines on round amounts (1, 2, 2.5 or 5 × 10ⁿ
 * apart) and time labels on round local times: dates, with the time under two days.
 */
export const EquityChart = memo(function EquityChart(props: {
  points: readonly EquityPoint[]
  height?: number
}) {
  const data = useMemo<EquityRow[]>(
    () =>
      thin(props.points, MAX_EQUITY_CHART_POINTS).map((point) => ({
        t: point.timestamp,
        equity: toChartNumber(point.equity),
      })),
    [props.points],
  )
  const valueAxis = useMemo(() => {
    const values = data.flatMap((row) => (row.equity === null ? [] : [row.equity]))
    return values.length === 0
      ? null
      : niceScale(Math.min(...values), Math.max(...values), VALUE_TICKS)
  }, [data])
  const timeAxis = useMemo(
    () => timeTicks(data[0]?.t ?? 0, data.at(-1)?.t ?? 0, TIME_TICKS, 'local'),
    [data],
  )
  const places = valueAxis ? stepPlaces(valueAxis.step) : 0
  return (
    <div className="chart-box" role="img" aria-label={`Equity curve, ${data.length} points`}>
      <ResponsiveContainer width="100%" height={props.height ?? 220}>
        <AreaChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <defs>
            <linearGradient id="equity-fill" x1="0" y1="0" x2="0" y2="1">
              <stop offset="0%" stopColor="#4f8cff" stopOpacity={0.35} />
              <stop offset="100%" stopColor="#4f8cff" stopOpacity={0.02} />
            </linearGradient>
          </defs>
          <CartesianGrid vertical={false} />
          <XAxis
            dataKey="t"
            type="number"
            domain={['dataMin', 'dataMax']}
            ticks={timeAxis.ticks}
            interval={0}
            tickFormatter={(t: number) => formatTimeTick(t, timeAxis.step)}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <YAxis
            domain={valueAxis?.domain ?? ['auto', 'auto']}
            {...(valueAxis ? { ticks: valueAxis.ticks, interval: 0 } : {})}
            width={72}
            orientation="right"
            tickFormatter={(value: number) => formatDecimal(value, { places })}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <Tooltip
            content={<EquityTooltip />}
            isAnimationActive={false}
            cursor={{ stroke: '#4a5568', strokeDasharray: '3 3' }}
          />
          <Area
            type="monotone"
            dataKey="equity"
            stroke="#4f8cff"
            strokeWidth={1.5}
            fill="url(#equity-fill)"
            isAnimationActive={false}
            dot={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  )
})
