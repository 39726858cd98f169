import { thin } from '../../src-shared/chart-scale'
import { asWords } from '../../src-shared/words'
import { equityChartSvg, type EquityPoint } from './equity-chart-svg'

/** One closed trade in a replay. */
export interface ReplayTrade {
  symbol: string
  side: 'long' | 'short'
  openedAt: number
  closedAt: number
  size: string
  entryPrice: string
  exitPrice: string
  pnl: string
  fees: string
  reason: string
}

/** Counts for one agent or model over the replay. */
export interface ReplayAgentStats {
  name: string
  runs: number
  valid: number
  invalid: number
  /** Model comparison only: share of valid votes that matched the consensus. */
  agreementPct?: number | null
}

/** A circuit breaker tripping or re-arming, or a losing-streak cooldown starting, in a replay. */
export interface ReplayRiskEvent {
  at: number
  /** `breaker_tripped`, `breaker_reset` or `cooldown_started`. */
  event: string
  /** The breaker's name; empty for a cooldown. */
  breaker: string
  /** Why, in the risk engine's words (for a cooldown: until when). */
  detail: string
}

/** What a replay ends with: trades, P&L, fees, drawdown, per-agent/model statistics, equity curve. */
export interface ReplayReport {
  fromMs: number
  toMs: number
  symbols: string[]
  candles: number
  /** Candles before `fromMs` the engine warmed up on (not traded). */
  warmupCandles: number
  wallClockMs: number
  /** The part of `wallClockMs` spent starting the engine (store, migrations, candles loaded). */
  startupMs: number
  startingEquity: string
  endingEquity: string
  pnl: string
  pnlPct: string
  /**
   * Where the P&L came from; the three add up to `pnl`. Closed trades and open positions are
   * net of their fees; the held assets' part is the rest: the price moves of what the
   * portfolio holds (the rebalanced BTC and XRP) and the rebalancing orders' fees.
   */
  pnlFrom: { closedTrades: string; openPositions: string; heldAssets: string }
  fees: string
  maxDrawdownPct: number
  trades: ReplayTrade[]
  /** What halted (and let go of) trading during the replay, oldest first. */
  riskEvents: ReplayRiskEvent[]
  agents: ReplayAgentStats[]
  models: ReplayAgentStats[]
  equityCurve: EquityPoint[]
}

/** Returns the largest peak-to-trough fall of an equity curve, in percent of the peak. */
export function maxDrawdownPct(points: readonly EquityPoint[]): number {
  let peak = Number.NEGATIVE_INFINITY
  let worst = 0
  for (const { equity } of points) {
    peak = Math.max(peak, equity)
    if (peak > 0) worst = Math.max(worst, ((peak - equity) / peak) * 100)
  }
  return worst
}

/** A table column: its heading and whether it holds words (left) or figures (right). */
type Column = readonly [label: string, align: 'text' | 'number']

const AGENT_COLUMNS: readonly Column[] = [
  ['Agent', 'text'],
  ['Runs', 'number'],
  ['Valid', 'number'],
  ['Invalid', 'number'],
]
const MODEL_COLUMNS: readonly Column[] = [
  ['Model', 'text'],
  ['Votes', 'number'],
  ['Valid', 'number'],
  ['Invalid', 'number'],
  ['Agreement', 'number'],
]
const RISK_EVENT_COLUMNS: readonly Column[] = [
  ['Time', 'text'],
  ['Event', 'text'],
  ['Breaker', 'text'],
  ['Detail', 'text'],
]
const TRADE_COLUMNS: readonly Column[] = [
  ['Symbol', 'text'],
  ['Side', 'text'],
  ['Opened', 'text'],
  ['Closed', 'text'],
  ['Size', 'number'],
  ['Entry', 'number'],
  ['Exit', 'number'],
  ['P&L', 'number'],
  ['Fees', 'number'],
  ['Reason', 'text'],
]

/** Renders the report as a self-contained HTML page with the equity curve as inline SVG. */
export function renderReportHtml(report: ReplayReport): string {
  const wins = report.trades.filter((trade) => Number(trade.pnl) > 0).length
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>TripleGain replay report</title>
<style>body{background:#0f1115;color:#e6e8ee;font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse;margin:12px 0}td,th{padding:4px 10px;border-bottom:1px solid #30363d;text-align:right;font-variant-numeric:tabular-nums}td:first-child,th:first-child,.text{text-align:left}h1,h2{font-weight:600}.muted{color:#8a91a3}</style></head><body>
<h1>Replay report</h1>
<p class="muted">${escapeHtml(report.symbols.join(', '))} · ${date(report.fromMs)} → ${date(report.toMs)} UTC · ${report.candles.toLocaleString('en-US')} candles in ${escapeHtml(wallTime(report))}${escapeHtml(warmedUp(report))}</p>
${table(null, [
  ['Starting equity', report.startingEquity],
  ['Ending equity', report.endingEquity],
  ['P&L', `${report.pnl} (${report.pnlPct} %)`],
  ['· from closed trades', report.pnlFrom.closedTrades],
  ['· from open positions', report.pnlFrom.openPositions],
  ['· from held assets (price moves, rebalancing)', report.pnlFrom.heldAssets],
  ['Fees', report.fees],
  ['Max drawdown', `${report.maxDrawdownPct.toFixed(2)} %`],
  ['Trades', `${report.trades.length} (${wins} winning)`],
])}
<h2>Equity</h2>${equityChartSvg(thin(report.equityCurve, 1500), 'Equity curve')}
<h2>Agents</h2>${table(
    AGENT_COLUMNS,
    report.agents.map((agent) => [
      asWords(agent.name),
      String(agent.runs),
      String(agent.valid),
      String(agent.invalid),
    ]),
  )}
<h2>Models</h2>${table(
    MODEL_COLUMNS,
    report.models.map((model) => [
      model.name,
      String(model.runs),
      String(model.valid),
      String(model.invalid),
      agreementText(model),
    ]),
  )}
<h2>Circuit breakers</h2>${
    report.riskEvents.length === 0
      ? '<p class="muted">None tripped.</p>'
      : table(
          RISK_EVENT_COLUMNS,
          report.riskEvents.map((event) => [
            date(event.at),
            asWords(event.event),
            event.breaker,
            event.detail,
          ]),
        )
  }
<h2>Trades</h2>${table(
    TRADE_COLUMNS,
    report.trades.map((trade) => [
      trade.symbol,
      trade.side,
      date(trade.openedAt),
      date(trade.closedAt),
      trade.size,
      trade.entryPrice,
      trade.exitPrice,
      trade.pnl,
      trade.fees,
      asWords(trade.reason),
    ]),
  )}
</body></html>`
}

/** `9.0 s (engine start 4.1 s)`: the run's wall time, with what starting the engine took of it. */
function wallTime(report: ReplayReport): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(1)
  return `${seconds(report.wallClockMs)} s (engine start ${seconds(report.startupMs)} s)`
}

/** `, after N earlier candles of warm-up`, or nothing when the run had none. */
function warmedUp(report: ReplayReport): string {
  return report.warmupCandles > 0
    ? `, after ${report.warmupCandles} earlier candles of warm-up`
    : ''
}

/** Renders the headline numbers for the terminal. */
export function renderReportText(report: ReplayReport): string {
  const wins = report.trades.filter((trade) => Number(trade.pnl) > 0).length
  return [
    `Replay ${report.symbols.join(', ')}: ${report.candles} candles in ${wallTime(report)}${warmedUp(report)}`,
    `  equity   ${report.startingEquity} → ${report.endingEquity}  (P&L ${report.pnl}, ${report.pnlPct} %)`,
    `  P&L from closed trades ${report.pnlFrom.closedTrades}, open positions ${report.pnlFrom.openPositions}, held assets ${report.pnlFrom.heldAssets}`,
    `  fees     ${report.fees}`,
    `  drawdown ${report.maxDrawdownPct.toFixed(2)} % max`,
    `  trades   ${report.trades.length} (${wins} winning)`,
    `  breakers ${report.riskEvents.filter((event) => event.event === 'breaker_tripped').length} tripped`,
    ...report.agents.map(
      (agent) => `  agent    ${asWords(agent.name)}: ${agent.runs} runs, ${agent.invalid} invalid`,
    ),
    ...report.models.map(
      (model) =>
        `  model    ${model.name}: ${model.runs} votes, ${model.invalid} invalid, agreement ${agreementText(model)}`,
    ),
  ].join('\n')
}

/** A model's agreement with the consensus, or a dash when it gave no valid vote. */
function agreementText(model: ReplayAgentStats): string {
  return model.agreementPct == null ? '—' : `${model.agreementPct.toFixed(1)} %`
}

/**
 * Renders rows of cells as an HTML table: under the columns' headings, each cell aligned by its
 * column, or, for `null` columns, bare rows (the first cell left-aligned by the stylesheet).
 */
function table(columns: readonly Column[] | null, items: readonly string[][]): string {
  const head =
    columns === null
      ? ''
      : `<thead><tr>${columns.map(([label, align]) => `<th class="${align}">${escapeHtml(label)}</th>`).join('')}</tr></thead>`
  const cell = (text: string, index: number) => {
    const align = columns === null ? '' : ` class="${columns[index]?.[1] ?? 'number'}"`
    return `<td${align}>${escapeHtml(text)}</td>`
  }
  const body = items.map((cells) => `<tr>${cells.map(cell).join('')}</tr>`).join('')
  return `<table>${head}<tbody>${body}</tbody></table>`
}

function escapeHtml(text: string): string {
  return text.replace(
    /[<>&"]/g,
    (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[char] as string,
  )
}
