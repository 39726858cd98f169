import { describe, expect, it } from 'vitest'
import { equityChartSvg, timeLabelTimes } from '../../../src-main/replay/equity-chart-svg'
import {
  maxDrawdownPct,
  renderReportHtml,
  renderReportText,
  type ReplayReport,
} from '../../../src-main/replay/replay-report'

const report = (overrides: Partial<ReplayReport> = {}): ReplayReport => ({
  fromMs: Date.UTC(2021, 4, 10),
  toMs: Date.UTC(2021, 4, 13),
  symbols: ['BTC/USDT', 'XRP/USDT'],
  candles: 8640,
  warmupCandles: 0,
  wallClockMs: 2500,
  startupMs: 1200,
  startingEquity: '10000',
  endingEquity: '10120.5',
  pnl: '120.5',
  pnlPct: '1.21',
  pnlFrom: { closedTrades: '0.00', openPositions: '4.20', heldAssets: '116.30' },
  fees: '12.3',
  maxDrawdownPct: 2.5,
  trades: [
    {
      symbol: 'BTC/USDT',
      side: 'long',
      openedAt: Date.UTC(2021, 4, 10, 1),
      closedAt: Date.UTC(2021, 4, 10, 5),
      size: '0.01',
      entryPrice: '56000',
      exitPrice: '57000',
      pnl: '10',
      fees: '2.9',
      reason: 'take_profit',
    },
    {
      symbol: 'XRP/USDT',
      side: 'short',
      openedAt: Date.UTC(2021, 4, 11),
      closedAt: Date.UTC(2021, 4, 11, 3),
      size: '100',
      entryPrice: '1.5',
      exitPrice: '1.6',
      pnl: '-10',
      fees: '0.8',
      reason: 'stop_loss <&>',
    },
  ],
  riskEvents: [
    {
      at: Date.UTC(2021, 4, 10, 19, 56),
      event: 'breaker_tripped',
      breaker: 'volatility',
      detail: 'VOLATILITY: symbol=XRP/USDT price_move_pct=-8.12 <max 8>',
    },
    {
      at: Date.UTC(2021, 4, 10, 22, 7),
      event: 'breaker_reset',
      breaker: 'volatility',
      detail: 'reset_at=2021-05-10T22:07:00.000Z reached',
    },
  ],
  agents: [{ name: 'technical_analysis', runs: 8640, valid: 8640, invalid: 0 }],
  models: [
    { name: 'rules', runs: 144, valid: 144, invalid: 0, agreementPct: 100 },
    { name: 'qwen', runs: 0, valid: 0, invalid: 0, agreementPct: null },
  ],
  equityCurve: [
    { timestamp: Date.UTC(2021, 4, 10), equity: 10000 },
    { timestamp: Date.UTC(2021, 4, 11), equity: 9900 },
    { timestamp: Date.UTC(2021, 4, 13), equity: 10120.5 },
  ],
  ...overrides,
})

describe('replay report', () => {
  it('computes the maximum drawdown from the equity peak', () => {
    expect(
      maxDrawdownPct([
        { timestamp: 0, equity: 100 },
        { timestamp: 1, equity: 120 },
        { timestamp: 2, equity: 90 },
        { timestamp: 3, equity: 130 },
      ]),
    ).toBeCloseTo(25, 10)
    expect(maxDrawdownPct([])).toBe(0)
  })

  it('renders HTML with the numbers, the escaped trade list and the equity curve', () => {
    const html = renderReportHtml(report())
    expect(html).toContain('<td>P&amp;L</td><td>120.5 (1.21 %)</td>')
    expect(html).toContain('<td>· from closed trades</td><td>0.00</td>')
    expect(html).toContain('<td>· from open positions</td><td>4.20</td>')
    expect(html).toContain('<td>· from held assets (price moves, rebalancing)</td><td>116.30</td>')
    expect(html).toContain('stop loss &lt;&amp;&gt;')
    expect(html).toContain('<svg')
    expect(html).toContain('2 (1 winning)')
    expect(html).toContain('<td class="number">—</td>')
  })

  it('aligns words left and figures right, and names close reasons and agents in words', () => {
    const html = renderReportHtml(report())
    expect(html).toContain(
      '<td class="text">BTC/USDT</td><td class="text">long</td><td class="text">2021-05-10 01:00</td><td class="text">2021-05-10 05:00</td><td class="number">0.01</td><td class="number">56000</td>',
    )
    expect(html).toContain('<td class="number">2.9</td><td class="text">take profit</td>')
    expect(html).toContain('<th class="text">Reason</th>')
    expect(html).toContain('<th class="number">P&amp;L</th>')
    expect(html).toContain('<td class="text">technical analysis</td>')
  })

  it('renders a short text summary', () => {
    const text = renderReportText(report())
    expect(text).toContain('8640 candles in 2.5 s (engine start 1.2 s)')
    expect(text).toContain('10000 → 10120.5')
    expect(text).toContain('trades   2 (1 winning)')
    expect(text).toContain('breakers 1 tripped')
    expect(text).toContain('P&L from closed trades 0.00, open positions 4.20, held assets 116.30')
    expect(text).toContain('agent    technical analysis: 8640 runs, 0 invalid')
    expect(text).toContain('model    rules: 144 votes, 0 invalid, agreement 100.0 %')
    expect(text).toContain('model    qwen: 0 votes, 0 invalid, agreement —')
  })

  it('says how many earlier candles the engine warmed up on, when it did', () => {
    expect(renderReportText(report())).not.toContain('warm-up')
    const warmed = report({ warmupCandles: 1440 })
    expect(renderReportText(warmed)).toContain(
      '8640 candles in 2.5 s (engine start 1.2 s), after 1440 earlier candles of warm-up',
    )
    expect(renderReportHtml(warmed)).toContain('after 1440 earlier candles of warm-up</p>')
  })

  it('lists the circuit breakers that halted trading, escaped, or says none tripped', () => {
    const html = renderReportHtml(report())
    expect(html).toContain(
      '<td class="text">2021-05-10 19:56</td><td class="text">breaker tripped</td><td class="text">volatility</td><td class="text">VOLATILITY: symbol=XRP/USDT price_move_pct=-8.12 &lt;max 8&gt;</td>',
    )
    expect(html).toContain(
      '<td class="text">2021-05-10 22:07</td><td class="text">breaker reset</td>',
    )
    expect(renderReportHtml(report({ riskEvents: [] }))).toContain('None tripped.')
  })

  it('draws a falling curve red, a rising one green, and says when there is no data', () => {
    expect(equityChartSvg(report().equityCurve, 'x')).toContain('#3fb950')
    expect(
      equityChartSvg(
        [
          { timestamp: 0, equity: 2 },
          { timestamp: 1, equity: 1 },
        ],
        'x',
      ),
    ).toContain('#f85149')
    expect(equityChartSvg([{ timestamp: 0, equity: 5 }], 'flat')).toContain('<path')
    expect(equityChartSvg([], 'x')).toContain('No equity data')
  })

  it('draws gridlines at round equity values and five time labels from first to last', () => {
    const hour = 3_600_000
    const start = Date.UTC(2021, 4, 10)
    const points = Array.from({ length: 25 }, (_, index) => ({
      timestamp: start + index * hour,
      equity: 9_800 + index * 10,
    }))
    const svg = equityChartSvg(points, 'Equity curve')
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1])
    // The curve runs from 9,800 to 10,040: its lowest value is a round one.
    expect(labels).toEqual([
      '9,800',
      '9,900',
      '10,000',
      '2021-05-10 00:00',
      '2021-05-10 06:00',
      '2021-05-10 12:00',
      '2021-05-10 18:00',
      '2021-05-11 00:00',
    ])
    expect(svg.match(/stroke="#21262d"/g)).toHaveLength(3)
  })

  it('puts time labels on round UTC times, or on both ends when none fit', () => {
    const day = 86_400_000
    const start = Date.UTC(2021, 4, 9, 23, 59)
    expect(timeLabelTimes(start, start + 3 * day)).toEqual([
      Date.UTC(2021, 4, 10),
      Date.UTC(2021, 4, 11),
      Date.UTC(2021, 4, 12),
    ])
    // Half a minute holds one round minute at the most: both ends are labelled instead.
    expect(timeLabelTimes(start + 1000, start + 31_000)).toEqual([start + 1000, start + 31_000])
    expect(timeLabelTimes(start, start)).toEqual([start])
  })
})
