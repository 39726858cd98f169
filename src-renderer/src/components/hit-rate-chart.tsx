import { memo } from 'react'
import type { BarShapeProps, XAxisTickContentProps } from 'recharts'
import {
  Bar,
  BarChart,
  CartesianGrid,
  Rectangle,
  ReferenceLine,
  ResponsiveContainer,
  Text,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import type { ModelStats } from '../../../src-shared/contract'
import type { HitRateField } from '../format/hit-rates'
import { HIT_RATE_HORIZONS, hasHitRates, hitRateSummary } from '../format/hit-rates'
import { DASH, formatRatio } from '../format/numbers'

/** Hues apart from the up/down green and red, which mean gain and loss elsewhere. */
const HORIZON_COLOURS: Readonly<Record<HitRateField, string>> = {
  hitRate1h: '#5ad1e6',
  hitRate4h: '#4f8cff',
  hitRate24h: '#b48cff',
}

/** A hit rate's scale is fixed, so models and refreshes compare without the axis moving. */
const RATIO_TICKS = [0, 0.25, 0.5, 0.75, 1]

/** Better than this is better than a coin flip. */
const COIN_FLIP = 0.5

/** The room kept between two models' names under their groups. */
const NAME_GAP_PX = 4

function HitRateTooltip(props: {
  active?: boolean
  payload?: readonly { payload?: ModelStats }[]
}) {
  const row = props.payload?.[0]?.payload
  if (!props.active || !row) return null
  return (
    <div className="chart-tooltip">
      <div>
        <span className="mono">{row.model}</span> <span className="muted">{row.provider}</span>
      </div>
      {HIT_RATE_HORIZONS.map(({ field, label }) => (
        <div key={field}>
          {`Hit ${label} `}
          {row[field] === null ? (
            <span className="muted">{`${DASH} not judged yet`}</span>
          ) : (
            formatRatio(row[field], 1)
          )}
        </div>
      ))}
      {/* The contract counts votes per model, not per horizon: a horizon judges those old enough. */}
      <div className="muted">{`${row.votes} votes, ${row.validVotes} valid`}</div>
    </div>
  )
}

/** A horizon's bar, or a dash on the baseline where none of its votes was judged yet. */
function HitRateBar(props: { bar: BarShapeProps; ratio: number | null; colour: string }) {
  const { bar } = props
  if (props.ratio === null) {
    return (
      <text
        className="hit-rate-missing"
        x={bar.x + bar.width / 2}
        y={bar.y + bar.height - 3}
        textAnchor="middle"
      >
        {DASH}
      </text>
    )
  }
  return (
    <Rectangle
      x={bar.x}
      y={bar.y}
      width={bar.width}
      height={bar.height}
      fill={props.colour}
      radius={[2, 2, 0, 0]}
    />
  )
}

/** A model's name under its group, cut short with "…" rather than run into the next one. */
function ModelNameTick(props: XAxisTickContentProps) {
  const groupWidth = Number(props.width ?? 0) / Math.max(1, props.visibleTicksCount)
  return (
    <Text
      className={props.className}
      x={props.x}
      y={props.y}
      textAnchor="middle"
      verticalAnchor="start"
      fill="#8089a0"
      fontSize={10.5}
      width={groupWidth - NAME_GAP_PX}
      maxLines={1}
    >
      {String(props.payload.value)}
    </Text>
  )
}

/**
 * Each model's hit rate at 1 h, 4 h and 24 h as grouped bars on a fixed 0–100 % scale, with
 * the coin flip's 50 % marked; a horizon without judged votes shows a dash, not a zero bar.
 * Before any vote was judged it shows a note instead of an empty chart.
 */
export const HitRateChart = memo(function HitRateChart(props: { stats: readonly ModelStats[] }) {
  if (!hasHitRates(props.stats)) {
    return (
      <p className="muted chart-note">
        No hit rates yet: each vote is judged 1 h, 4 h and 24 h after its decision.
      </p>
    )
  }
  return (
    <div className="chart-box" role="img" aria-label={hitRateSummary(props.stats)}>
      <div className="chart-legend" aria-hidden="true">
        {HIT_RATE_HORIZONS.map(({ field, label }) => (
          <span
            key={field}
            className="bar"
            style={{ ['--swatch' as string]: HORIZON_COLOURS[field] }}
          >
            {`Hit ${label}`}
          </span>
        ))}
        <span className="reference">{`${formatRatio(COIN_FLIP, 0)} coin flip`}</span>
      </div>
      <ResponsiveContainer width="100%" height={170}>
        <BarChart
          data={props.stats}
          margin={{ top: 8, right: 0, bottom: 0, left: 0 }}
          barGap={2}
          barCategoryGap="24%"
        >
          <CartesianGrid vertical={false} />
          <XAxis dataKey="model" interval={0} stroke="#2a3140" tick={ModelNameTick} />
          <YAxis
            domain={[0, 1]}
            ticks={RATIO_TICKS}
            interval={0}
            width={40}
            orientation="right"
            tickFormatter={(ratio: number) => formatRatio(ratio, 0)}
            stroke="#2a3140"
            tick={{ fill: '#8089a0', fontSize: 10.5 }}
          />
          <Tooltip
            content={<HitRateTooltip />}
            isAnimationActive={false}
            cursor={{ fill: '#1a202b' }}
          />
          <ReferenceLine y={COIN_FLIP} stroke="#8089a0" strokeDasharray="4 3" />
          {HIT_RATE_HORIZONS.map(({ field, label }) => (
            <Bar
              key={field}
              // Recharts skips a null value before drawing it; as 0 it reaches HitRateBar's dash.
              dataKey={(row: ModelStats) => row[field] ?? 0}
              name={`Hit ${label}`}
              maxBarSize={18}
              // A 0 % hit rate still shows as a sliver, apart from the dash of a missing one.
              minPointSize={2}
              isAnimationActive={false}
              shape={(bar: BarShapeProps) => (
                <HitRateBar
                  bar={bar}
                  ratio={(bar.payload as ModelStats)[field]}
                  colour={HORIZON_COLOURS[field]}
                />
              )}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  )
})
