import { memo, useCallback, useMemo } from 'react'
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { CandleSeries } from '../../../src-shared/contract'
import type { ChartRow } from '../chart/chart-rows'
import { niceTicks } from '../../../src-shared/chart-scale'
import { buildChartRows, classifyOverlays, priceDomain } from '../chart/chart-rows'
import { candleTimeAxis } from '../chart/candle-time-axis'
import { pointIndexAt } from '../chart/downsample'
import { indicatorName } from '../format/indicator-name'
import { formatPrice } from '../format/numbers'
import { formatDateTime } from '../format/time'
import { CandleLayer } from './candle-layer'
import { VolumeLayer } from './volume-layer'

/** The most candles drawn; longer series are merged (see downsampleCandles). */
export const MAX_DRAWN_CANDLES = 320

const LINE_COLOURS = ['#f2a93b', '#b48cff', '#5ad1e6', '#e67ab4']

/** About this many time labels: "05-10 14:00" apart enough under a 1024 px window's chart. */
const TIME_TICKS = 7

export interface ChartMarker {
  t: number
  price: number
  kind: 'entry' | 'exit'
  side: 'long' | 'short'
  label: string
}

export interface ChartLevel {
  price: number
  kind: 'stop-loss' | 'take-profit' | 'last'
  label: string
}

function ChartTooltip(props: { active?: boolean; payload?: readonly { payload?: ChartRow }[] }) {
  const row = props.payload?.[0]?.payload
  if (!props.active || !row) return null
  return (
    <div className="chart-tooltip">
      <div className="muted">
        {row.isForming ? `${formatDateTime(row.t)} · forming` : formatDateTime(row.t)}
      </div>
      <div>{`O ${formatPrice(row.o)}  H ${formatPrice(row.h)}`}</div>
      <div>{`L ${formatPrice(row.l)}  C ${formatPrice(row.c)}`}</div>
      {row.to - row.from > 1 ? (
        <div className="muted">{`${row.to - row.from} candles merged`}</div>
      ) : null}
    </div>
  )
}

/**
 * Candles with EMA lines and a Bollinger band, volume underneath, entry/exit markers and
 * stop-loss / take-profit / last-price lines, and time labels on round local times as the
 * equity chart's. Long series are merged to MAX_DRAWN_CANDLES points so even 10,000 candles
 * render quickly.
 */
export const CandleChart = memo(function CandleChart(props: {
  series: CandleSeries
  markers?: readonly ChartMarker[]
  levels?: readonly ChartLevel[]
  height?: number
  maxCandles?: number
}) {
  const { series } = props
  const maxCandles = props.maxCandles ?? MAX_DRAWN_CANDLES
  const rows = useMemo(() => buildChartRows(series, maxCandles), [series, maxCandles])
  const overlays = useMemo(() => classifyOverlays(Object.keys(series.overlays)), [series.overlays])
  const levels = useMemo(() => props.levels ?? [], [props.levels])
  const domain = useMemo(
    () =>
      priceDomain(
        rows,
        levels.filter((level) => level.kind !== 'last').map((level) => level.price),
      ),
    [rows, levels],
  )
  const ticks = useMemo(() => niceTicks(domain[0], domain[1], 8), [domain])
  const volumeDomain = useMemo<[number, number]>(
    () => [0, Math.max(1e-12, ...rows.map((row) => row.v)) * 1.05],
    [rows],
  )
  const markers = useMemo(
    () =>
      (props.markers ?? [])
        .filter((marker) => rows.length > 0 && marker.t >= (rows[0] as ChartRow).t)
        .map((marker) => ({ ...marker, x: rows[pointIndexAt(rows, marker.t)]?.t })),
    [props.markers, rows],
  )
  const timeAxis = useMemo(() => candleTimeAxis(rows, TIME_TICKS), [rows])
  const tickFormatter = useCallback((t: number) => timeAxis.labels.get(t) ?? '', [timeAxis])
  const height = props.height ?? 420
  const merged = series.candles.length > rows.length - (series.forming ? 1 : 0)
  return (
    <div
      className="chart-box"
      role="img"
      aria-label={`Candle chart ${series.symbol} ${series.timeframe}, ${series.candles.length} candles${merged ? `, drawn as ${rows.length}` : ''}${series.forming ? ' and the one forming' : ''}`}
      data-candles={series.candles.length}
      data-forming={series.forming ? 'yes' : 'no'}
      data-drawn={rows.length}
    >
      <div className="chart-legend" aria-hidden="true">
        {overlays.lines.map((name, index) => (
          <span
            key={name}
            style={{ ['--swatch' as string]: LINE_COLOURS[index % LINE_COLOURS.length] }}
          >
            {indicatorName(name)}
          </span>
        ))}
        {overlays.bandUpper ? (
          <span style={{ ['--swatch' as string]: '#4f8cff' }}>Bollinger bands</span>
        ) : null}
        {merged ? (
          <span className="muted">{`${series.candles.length.toLocaleString('en-US')} candles merged into ${rows.length}`}</span>
        ) : null}
      </div>
      <ResponsiveContainer width="100%" height={height}>
        <ComposedChart
          data={rows}
          margin={{ top: 8, right: 4, bottom: 0, left: 0 }}
          syncId="market"
        >
          <CartesianGrid vertical={false} />
          <XAxis dataKey="t" scale="band" hide />
          <YAxis
            domain={domain}
            orientation="right"
            width={78}
            tickFormatter={(value: number) => formatPrice(value)}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
            allowDataOverflow
            ticks={ticks}
            interval={0}
          />
          <Tooltip
            content={<ChartTooltip />}
            isAnimationActive={false}
            cursor={{ stroke: '#4a5568', strokeDasharray: '3 3' }}
          />
          {overlays.bandUpper && overlays.bandLower ? (
            <Area
              dataKey="band"
              stroke="none"
              fill="#4f8cff"
              fillOpacity={0.07}
              isAnimationActive={false}
              connectNulls={false}
              activeDot={false}
            />
          ) : null}
          {[overlays.bandUpper, overlays.bandLower]
            .filter((name): name is string => name !== null)
            .map((name) => (
              <Line
                key={name}
                dataKey={name}
                stroke="#4f8cff"
                strokeOpacity={0.55}
                strokeWidth={1}
                dot={false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
          {overlays.bandMiddle ? (
            <Line
              dataKey={overlays.bandMiddle}
              stroke="#4f8cff"
              strokeOpacity={0.4}
              strokeDasharray="4 3"
              strokeWidth={1}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ) : null}
          {/* An invisible close line gives the tooltip and axes their data; the layer draws the candles. */}
          <Line
            dataKey="c"
            stroke="transparent"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
          <CandleLayer rows={rows} />
          {overlays.lines.map((name, index) => (
            <Line
              key={name}
              dataKey={name}
              stroke={LINE_COLOURS[index % LINE_COLOURS.length]}
              strokeWidth={1.25}
              dot={false}
              activeDot={false}
              isAnimationActive={false}
            />
          ))}
          {levels.map((level) => (
            <ReferenceLine
              key={`${level.kind}-${level.price}-${level.label}`}
              y={level.price}
              stroke={
                level.kind === 'stop-loss'
                  ? '#f0565a'
                  : level.kind === 'take-profit'
                    ? '#2bc48a'
                    : '#8089a0'
              }
              strokeDasharray={level.kind === 'last' ? '2 2' : '6 3'}
              label={{
                value: level.label,
                position: 'insideTopLeft',
                fill: '#aab3c5',
                fontSize: 10.5,
              }}
            />
          ))}
          {markers.map((marker, index) =>
            marker.x === undefined ? null : (
              <ReferenceDot
                key={`${marker.kind}-${marker.t}-${index}`}
                x={marker.x}
                y={marker.price}
                r={5}
                fill={
                  marker.kind === 'entry'
                    ? marker.side === 'long'
                      ? '#2bc48a'
                      : '#f0565a'
                    : '#e6e8ee'
                }
                stroke="#0b0e13"
                strokeWidth={1.5}
                label={{ value: marker.label, position: 'top', fill: '#d9dee8', fontSize: 10 }}
              />
            ),
          )}
        </ComposedChart>
      </ResponsiveContainer>
      <ResponsiveContainer width="100%" height={90}>
        <ComposedChart
          data={rows}
          margin={{ top: 0, right: 4, bottom: 0, left: 0 }}
          syncId="market"
        >
          <XAxis
            dataKey="t"
            scale="band"
            ticks={timeAxis.ticks}
            interval={0}
            tickFormatter={tickFormatter}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <YAxis
            orientation="right"
            width={78}
            domain={volumeDomain}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
            tickFormatter={(value: number) =>
              value.toLocaleString('en-US', { notation: 'compact' })
            }
            tickCount={3}
          />
          <Line
            dataKey="v"
            stroke="transparent"
            dot={false}
            activeDot={false}
            isAnimationActive={false}
          />
          <VolumeLayer rows={rows} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  )
})
