/** One point of an equity curve: Unix ms and equity in the quote currency. */
export interface EquityPoint {
  timestamp: number
  equity: number
}

const WIDTH = 900
const HEIGHT = 320
const PAD = { top: 20, right: 20, bottom: 40, left: 80 }

/**
 * Draws an equity curve as a standalone SVG (no chart library: the report must open anywhere,
 * offline). Axis labels show the first/last date and the min/max equity.
 */
export function equityChartSvg(points: readonly EquityPoint[], title: string): string {
  if (points.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="60" role="img" aria-label="${escapeXml(title)}"><text x="10" y="35" fill="#8a91a3" font-family="sans-serif">No equity data</text></svg>`
  }
  const first = points[0] as EquityPoint
  const last = points[points.length - 1] as EquityPoint
  const minEquity = Math.min(...points.map((point) => point.equity))
  const maxEquity = Math.max(...points.map((point) => point.equity))
  const equitySpan = maxEquity - minEquity || Math.max(1, Math.abs(maxEquity) * 0.01)
  const timeSpan = last.timestamp - first.timestamp || 1
  const plotWidth = WIDTH - PAD.left - PAD.right
  const plotHeight = HEIGHT - PAD.top - PAD.bottom
  const x = (timestamp: number) => PAD.left + ((timestamp - first.timestamp) / timeSpan) * plotWidth
  const y = (equity: number) => PAD.top + (1 - (equity - minEquity) / equitySpan) * plotHeight
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
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(title)}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#0f1115"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${HEIGHT - PAD.bottom}" stroke="#30363d"/>`,
    `<line x1="${PAD.left}" y1="${HEIGHT - PAD.bottom}" x2="${WIDTH - PAD.right}" y2="${HEIGHT - PAD.bottom}" stroke="#30363d"/>`,
    `<text x="${PAD.left - 8}" y="${PAD.top + 4}" text-anchor="end" fill="#8a91a3" font-size="12" font-family="sans-serif">${money(maxEquity)}</text>`,
    `<text x="${PAD.left - 8}" y="${HEIGHT - PAD.bottom}" text-anchor="end" fill="#8a91a3" font-size="12" font-family="sans-serif">${money(minEquity)}</text>`,
    `<text x="${PAD.left}" y="${HEIGHT - 14}" fill="#8a91a3" font-size="12" font-family="sans-serif">${date(first.timestamp)}</text>`,
    `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 14}" text-anchor="end" fill="#8a91a3" font-size="12" font-family="sans-serif">${date(last.timestamp)}</text>`,
    `<path d="${path}" fill="none" stroke="${colour}" stroke-width="1.5"/>`,
    '</svg>',
  ].join('')
}

/** Keeps at most `maxPoints` points, always including the first and last (for long replays). */
export function downsample<T>(points: readonly T[], maxPoints: number): T[] {
  if (points.length <= maxPoints) return [...points]
  const step = (points.length - 1) / (maxPoints - 1)
  return Array.from({ length: maxPoints }, (_, index) => points[Math.round(index * step)] as T)
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] as string,
  )
}
