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
import { thin } from '../../../src-shared/chart-scale'
import { formatDateTime, formatTime } from '../format/time'
import { formatUsd, toChartNumber } from '../format/numbers'

/** The most points the equity curve draws; longer curves are thinned evenly. */
export const MAX_EQUITY_CHART_POINTS = 400

/** Equity over time as a filled line. */
export const EquityChart = memo(function EquityChart(props: {
  points: readonly EquityPoint[]
  height?: number
}) {
  const data = useMemo(
    () =>
      thin(props.points, MAX_EQUITY_CHART_POINTS).map((point) => ({
        t: point.timestamp,
        equity: toChartNumber(point.equity),
      })),
    [props.points],
  )
  const spansDays = data.length > 1 && (data.at(-1)?.t ?? 0) - (data[0]?.t ?? 0) > 86_400_000
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
            scale="time"
            tickFormatter={(t: number) =>
              spansDays ? formatDateTime(t).slice(5, 16) : formatTime(t).slice(0, 5)
            }
            minTickGap={70}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <YAxis
            domain={['auto', 'auto']}
            width={72}
            orientation="right"
            tickFormatter={(value: number) => formatUsd(value).replace(/\.\d+$/, '')}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <Tooltip
            contentStyle={{ background: '#181d26', border: '1px solid #333c4c', fontSize: 12 }}
            labelFormatter={(t) => formatDateTime(Number(t))}
            formatter={(value) => [formatUsd(Number(value)), 'Equity']}
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
