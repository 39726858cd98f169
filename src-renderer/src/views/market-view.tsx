import { useEffect, useMemo, useState } from 'react'
import type { Position } from '../../../src-shared/contract'
import type { Timeframe } from '../../../src-shared/symbols'
import { SUPPORTED_SYMBOLS, TIMEFRAME_DURATIONS_MS, TIMEFRAMES } from '../../../src-shared/symbols'
import type { ChartLevel, ChartMarker } from '../components/candle-chart'
import { CandleChart } from '../components/candle-chart'
import { IndicatorsTable } from '../components/indicators-table'
import { LoadState } from '../components/load-state'
import { Panel } from '../components/panel'
import { SnapshotPanel } from '../components/snapshot-panel'
import { formatPrice, toChartNumber } from '../format/numbers'
import { isNewerCandleDue } from '../chart/newer-candle-due'
import { useReload } from '../hooks/use-reload'
import { useReloadOnEngineTime } from '../hooks/use-reload-on-engine-time'
import { seriesKey } from '../store/market-store'
import { useActions, useStoreState } from '../store/use-store-state'

const CANDLE_COUNTS = [300, 1000, 5000, 10_000] as const
/** Engine time between two asks for a candle that is due but not in the engine yet. */
const CANDLE_RECHECK_MS = 10_000
const EMPTY: readonly Position[] = []

/** Returns entry/exit markers of a symbol's positions. */
function markersFor(positions: readonly Position[]): ChartMarker[] {
  const markers: ChartMarker[] = []
  for (const position of positions) {
    const entry = toChartNumber(position.entryPrice)
    if (entry !== null) {
      markers.push({
        t: position.openedAt,
        price: entry,
        kind: 'entry',
        side: position.side,
        label: position.side === 'long' ? '▲' : '▼',
      })
    }
    const exit = toChartNumber(position.exitPrice)
    if (exit !== null && position.closedAt !== null) {
      markers.push({
        t: position.closedAt,
        price: exit,
        kind: 'exit',
        side: position.side,
        label: '✕',
      })
    }
  }
  return markers
}

/**
 * Candles with overlays, markers and levels for one symbol and timeframe, its indicators per
 * timeframe under them, and its snapshot beside them.
 */
export function MarketView() {
  const symbol = useStoreState('market', (state) => state.symbol)
  const timeframe = useStoreState('market', (state) => state.timeframe)
  const [count, setCount] = useState<number>(300)
  const series = useStoreState(
    'market',
    (state) => state.series[seriesKey(state.symbol, state.timeframe)],
  )
  const snapshot = useStoreState('market', (state) => state.snapshots[state.symbol])
  const lastPrice = useStoreState('market', (state) => state.lastPrices[state.symbol])
  const configured = useStoreState('system', (state) => state.settings.data?.symbols)
  const open = useStoreState('positions', (state) => state.open.data ?? EMPTY)
  const closed = useStoreState('positions', (state) => state.closed.data ?? EMPTY)
  const generation = useStoreState('connection', (state) => state.generation)
  const market = useActions('market')
  const positions = useActions('positions')
  const system = useActions('system')
  useReload(() => void system.loadSettings())
  useReload(() => void positions.loadClosed())
  useEffect(() => {
    void market.loadCandles(symbol, timeframe, count)
  }, [market, symbol, timeframe, count, generation])
  useEffect(() => {
    void market.loadSnapshot(symbol)
  }, [market, symbol, generation])
  // Follow the market while the view is open: the snapshot each engine minute (the analysis
  // agents' pace), the chart once a newer candle has closed, asked again every few engine
  // seconds until the engine has it (a live candle lands a little after its close).
  useReloadOnEngineTime(() => void market.loadSnapshot(symbol), {
    stepMs: TIMEFRAME_DURATIONS_MS['1m'],
  })
  useReloadOnEngineTime(() => void market.loadCandles(symbol, timeframe, count), {
    stepMs: CANDLE_RECHECK_MS,
    isDue: (nowMs) =>
      series?.data != null && !series.isLoading && isNewerCandleDue(series.data, timeframe, nowMs),
  })

  const symbols = configured && configured.length > 0 ? configured : [...SUPPORTED_SYMBOLS]
  const mine = useMemo(
    () => [...open, ...closed].filter((position) => position.symbol === symbol),
    [open, closed, symbol],
  )
  const markers = useMemo(() => markersFor(mine), [mine])
  const levels = useMemo(() => {
    const result: ChartLevel[] = []
    for (const position of mine) {
      if (position.status !== 'open') continue
      const stop = toChartNumber(position.stopLoss)
      const take = toChartNumber(position.takeProfit)
      if (stop !== null)
        result.push({
          price: stop,
          kind: 'stop-loss',
          label: `SL ${formatPrice(position.stopLoss)}`,
        })
      if (take !== null)
        result.push({
          price: take,
          kind: 'take-profit',
          label: `TP ${formatPrice(position.takeProfit)}`,
        })
    }
    const last = toChartNumber(lastPrice?.price)
    if (last !== null)
      result.push({ price: last, kind: 'last', label: `Last ${formatPrice(lastPrice?.price)}` })
    return result
  }, [mine, lastPrice])

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label="Chart settings">
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          <span>Symbol</span>
          <select
            className="select"
            value={symbol}
            onChange={(event) => market.selectSymbol(event.target.value)}
          >
            {symbols.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <div className="segmented" role="group" aria-label="Timeframe">
          {TIMEFRAMES.map((name) => (
            <button
              key={name}
              type="button"
              aria-pressed={timeframe === name}
              onClick={() => market.selectTimeframe(name as Timeframe)}
            >
              {name}
            </button>
          ))}
        </div>
        <label className="field" style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
          <span>Candles</span>
          <select
            className="select"
            value={count}
            onChange={(event) => setCount(Number(event.target.value))}
          >
            {CANDLE_COUNTS.map((value) => (
              <option key={value} value={value}>
                {value.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        {lastPrice ? (
          <span className="num muted">{`Last ${formatPrice(lastPrice.price)}`}</span>
        ) : null}
      </div>
      <div className="grid market-grid">
        {/* The indicators under the chart: a column per timeframe needs its width. */}
        <div className="panel-stack">
          <Panel title={`${symbol} · ${timeframe}`} isFlush>
            <LoadState
              loadable={series ?? { data: null, isLoading: true, error: null }}
              label="candles"
              onRetry={() => void market.loadCandles(symbol, timeframe, count)}
              isEmpty={(data) => data.candles.length === 0}
              empty={`No ${timeframe} candles for ${symbol} yet. Candles appear once market data has been ingested.`}
            >
              {(data) => <CandleChart series={data} markers={markers} levels={levels} />}
            </LoadState>
          </Panel>
          <Panel title="Indicators" isFlush>
            <LoadState
              loadable={snapshot ?? { data: null, isLoading: true, error: null }}
              label="indicators"
              onRetry={() => void market.loadSnapshot(symbol)}
              isEmpty={(data) => Object.keys(data.indicators).length === 0}
              empty={`No indicators for ${symbol} yet. They appear once enough candles are in.`}
            >
              {(data) => <IndicatorsTable indicators={data.indicators} />}
            </LoadState>
          </Panel>
        </div>
        <Panel title="Snapshot" className="snapshot-scroll" isFlush>
          <LoadState
            loadable={snapshot ?? { data: null, isLoading: true, error: null }}
            label="snapshot"
            onRetry={() => void market.loadSnapshot(symbol)}
          >
            {(data) => <SnapshotPanel snapshot={data} />}
          </LoadState>
        </Panel>
      </div>
    </>
  )
}
