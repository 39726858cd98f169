import { niceTicks } from '../../src-shared/chart-scale'
import { timeTicks } from '../../src-shared/time-ticks'

/** One point of an equity curve: Unix ms and equity in the quote currency. */
export interface EquityPoint {
  timestamp: number
  equity: number
}

const WIDTH = 900
const HEIGHT = 320
const PAD = { top: 20, right: 20, bottom: 40, left: 80 }

/** Equity gridlines (round values) and time labels along the axes. */
const EQUITY_TICKS = 6
const TIME_LABELS = 6

/**
 * Round UTC times within [fromMs, toMs] to label (see {@link timeTicks}); the two ends when
 * fewer than two fit.
 */
export function timeLabelTimes(fromMs: number, toMs: number): number[] {
  const { ticks } = timeTicks(fromMs, toMs, TIME_LABELS, 'utc')
  if (ticks.length >= 2) return ticks
  return fromMs === toMs ? [fromMs] : [fromMs, toMs]
}

/**
 * Draws an equity curve as a standalone SVG (no chart library: the report must open anywhere,
 * offline), with gridlines at round equity values and time labels on round UTC times.
 */
export function equityChartSvg(points: readonly EquityPoint[], title: string): string {
  if (points.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="60" role="img" aria-label="${escapeXml(title)}"><text x="10" y="35" fill="#8a91a3" font-family="sans-serif">No equity data</text></svg>`
  }
  const first = points[0] as EquityPoint
  const last = points[points.length - 1] as EquityPoint
  const minEquity = Math.min(...points.map((point) => point.equity))
  const maxEquity = Math.max(...points.map((point) => point.equity))
  // A little room above and below the curve, where the round values next to it get a line.
  const padding = (maxEquity - minEquity || Math.max(1, Math.abs(maxEquity) * 0.01)) * 0.05
  const low = minEquity - padding
  const equitySpan = maxEquity + padding - low
  const timeSpan = last.timestamp - first.timestamp || 1
  const plotWidth = WIDTH - PAD.left - PAD.right
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const x = (timestamp: number) => PAD.left + ((timestamp - first.timestamp) / timeSpan) * plotWidth
  const y = (equity: number) => PAD.top + (1 - (equity - low) / equitySpan) * plotHeight
  const path = points
    .map(
      (point, index) =>
        `${index === 0 ? 'M' : 'L'}${x(point.timestamp).toFixed(1)},${y(point.equity).toFixed(1)}`,
    )
    .join(' ')
  const colour = last.equity >= first.equity ? '#3fb950' : '#f85149'
  const date = (timestamp: number) =>
    new Date(timestamp).toISOString().slice(0, 16).replace('T', ' ')
  const money = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 2 })
  const label = (at: number, top: number, anchor: string, text: string) =>
    `<text x="${at.toFixed(1)}" y="${top.toFixed(1)}" text-anchor="${anchor}" fill="#8a91a3" font-size="12" font-family="sans-serif">${text}</text>`
  const gridlines = niceTicks(low, low + equitySpan, EQUITY_TICKS).map(
    (value) =>
      `<line x1="${PAD.left}" y1="${y(value).toFixed(1)}" x2="${WIDTH - PAD.right}" y2="${y(value).toFixed(1)}" stroke="#21262d"/>` +
      label(PAD.left - 8, y(value) + 4, 'end', money(value)),
  )
  const times = timeLabelTimes(first.timestamp, last.timestamp).map((at) => {
    const position = x(at)
    // Labels at the plot's ends are anchored inwards, so they are not cut off.
    const anchor =
      position - PAD.left < 60 ? 'start' : WIDTH - PAD.right - position < 60 ? 'end' : 'middle'
    return label(position, HEIGHT - 14, anchor, date(at))
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#0f1115"/>`,
    ...gridlines,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${HEIGHT - PAD.bottom}" stroke="#30363d"/>`,
    `<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}" stroke="#30363d"/>`,
    ...times,
    `<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.5"/>`,
    '</svg>',
  ].join('')
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] as string,
  )
}
