// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { MarketView } from '../../../../src-renderer/src/views/market-view'
import { aCandleSeries, aSnapshot, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

describe('MarketView', () => {
  it('loads candles for the chosen symbol, timeframe and count', async () => {
    const { api } = renderWithStores(<MarketView />)
    expect(
      await screen.findByRole('img', { name: 'Candle chart BTC/USDT 1h, 300 candles' }),
    ).toBeTruthy()
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Timeframe' })).getByRole('button', { name: '4h' }),
    )
    fireEvent.change(screen.getByRole('combobox', { name: 'Symbol' }), {
      target: { value: 'XRP/USDT' },
    })
    fireEvent.change(screen.getByRole('combobox', { name: 'Candles' }), {
      target: { value: '10000' },
    })
    const chart = await screen.findByRole(
      'img',
      { name: /^Candle chart XRP\/USDT 4h, 10000 candles, drawn as \d+$/ },
      { timeout: 10_000 },
    )
    expect(Number(chart.getAttribute('data-drawn'))).toBeLessThanOrEqual(320)
    expect(api.callsOf('market:candles').at(-1)).toEqual({
      symbol: 'XRP/USDT',
      timeframe: '4h',
      limit: 10_000,
    })
  })

  it('shows the latest TA, regime and indicators, and flags stale data', async () => {
    const api = new InMemoryEngineApi().handle('market:snapshot', ({ symbol }) =>
      aSnapshot({ symbol, isStale: true, staleParts: ['ticker'], dataAgeMs: 185_000 }),
    )
    renderWithStores(<MarketView />, { api })
    expect((await screen.findByLabelText('Latest regime')).textContent).toContain('Trending bull')
    expect(screen.getByLabelText('Latest technical analysis').textContent).toContain('bullish')
    const indicators = within(screen.getByRole('region', { name: 'Indicators' }))
    expect(indicators.getByRole('table', { name: 'Indicators' }).textContent).toContain('RSI')
    expect(screen.getByRole('note').textContent).toBe(
      'Stale data: ticker. Signals may be unreliable.',
    )
  })

  it('says when the snapshot has no indicators yet', async () => {
    const api = new InMemoryEngineApi().handle('market:snapshot', ({ symbol }) =>
      aSnapshot({ symbol, indicators: {} }),
    )
    renderWithStores(<MarketView />, { api })
    const indicators = within(await screen.findByRole('region', { name: 'Indicators' }))
    expect(
      (await indicators.findByText('No indicators for BTC/USDT yet', { exact: false })).textContent,
    ).toBe('No indicators for BTC/USDT yet. They appear once enough candles are in.')
    expect(screen.queryByRole('table', { name: 'Indicators' })).toBeNull()
  })

  it('draws the candle still forming after the closed ones', async () => {
    const forming = { t: 1_700_000_000_000, o: '1', h: '2', l: '0.5', c: '1.5', v: '3' }
    const api = new InMemoryEngineApi().handle('market:candles', ({ symbol, timeframe, limit }) =>
      aCandleSeries(limit, { symbol, timeframe, forming }),
    )
    renderWithStores(<MarketView />, { api })
    const chart = await screen.findByRole('img', {
      name: 'Candle chart BTC/USDT 1h, 300 candles and the one forming',
    })
    expect(chart.getAttribute('data-forming')).toBe('yes')
  })

  it('names the chart overlays in its legend as the indicators table does', async () => {
    renderWithStores(<MarketView />)
    const chart = await screen.findByRole('img', { name: /^Candle chart/ })
    expect(chart.querySelector('.chart-legend')?.textContent).toBe('EMA 9EMA 21Bollinger bands')
  })

  it('shows the last traded price from ticks', async () => {
    const { api, frame } = renderWithStores(<MarketView />)
    await screen.findByRole('img', { name: /^Candle chart/ })
    api.emit(events.tick('BTC/USDT', '66123.45'))
    frame()
    expect(screen.getByText('Last 66,123.45')).toBeTruthy()
  })

  it('explains missing candles', async () => {
    const api = new InMemoryEngineApi().reject(
      'market:candles',
      'UNAVAILABLE',
      'no market data for BTC/USDT yet',
    )
    renderWithStores(<MarketView />, { api })
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Could not load candles: no market data for BTC/USDT yet',
    )
  })
})
