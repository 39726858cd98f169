// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { CoordinatorView } from '../../../../src-renderer/src/views/coordinator-view'
import {
  aCoordinatorStatus,
  aRiskStatus,
  aTask,
  BASE_TIME,
} from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

describe('CoordinatorView', () => {
  it('lists tasks with interval, timing and counters', async () => {
    renderWithStores(<CoordinatorView />)
    const row = await screen.findByRole('row', { name: 'Task technical analysis' })
    const cells = within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent)
    expect(cells.slice(0, 3)).toEqual(['technical analysis', '1m', 'enabled'])
    expect(cells).toContain('850 ms')
    expect(cells).toContain('42')
  })

  it('names the agent under a task only when it differs, and the last error under the failures', async () => {
    const api = new InMemoryEngineApi().handle('coordinator:status', () =>
      aCoordinatorStatus({
        tasks: [
          aTask({
            name: 'sentiment_analysis',
            agent: 'sentiment',
            failures: 2,
            lastError: 'timeout: provider=xai',
          }),
        ],
      }),
    )
    renderWithStores(<CoordinatorView />, { api })
    const row = await screen.findByRole('row', { name: 'Task sentiment analysis' })
    const cells = within(row).getAllByRole('cell')
    expect(cells[0]?.textContent).toBe('sentiment analysisagent sentiment')
    const error = within(row).getByText('timeout: provider=xai')
    expect(error.getAttribute('title')).toBe('timeout: provider=xai')
    expect(error.closest('td')?.textContent).toBe('2timeout: provider=xai')
  })

  it('says under the skipped count why the latest run was skipped, and when', async () => {
    const reason = 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false'
    const api = new InMemoryEngineApi().handle('coordinator:status', () =>
      aCoordinatorStatus({
        tasks: [
          aTask({
            skipped: 5,
            lastSkip: { at: BASE_TIME - 120_000, symbol: 'BTC/USDT', code: 'NO_DATA', reason },
          }),
          aTask({ name: 'regime_detection', agent: 'regime_detection', skipped: 2 }),
        ],
      }),
    )
    renderWithStores(<CoordinatorView />, { api })
    const row = await screen.findByRole('row', { name: 'Task technical analysis' })
    const cell = within(row).getByText('no market data yet').closest('td')
    expect(cell?.textContent).toBe('5no market data yetBTC/USDT')
    expect(cell?.title).toBe(`Last skipped 2m 00s ago: no market data yet: BTC/USDT\n${reason}`)
    // Skipped runs whose reason no longer holds: the count alone.
    const other = screen.getByRole('row', { name: 'Task regime detection' })
    expect(within(other).queryByText(/market data|ongoing/)).toBeNull()
    expect(within(other).getAllByRole('cell')[9]?.title).toBe('')
  })

  it.each([
    ['Run technical analysis now', 'coordinator:runTask'],
    ['Disable technical analysis', 'coordinator:disableTask'],
  ] as const)('%s calls %s', async (label, command) => {
    const { api } = renderWithStores(<CoordinatorView />)
    fireEvent.click(await screen.findByRole('button', { name: label }))
    await screen.findByRole('row', { name: 'Task technical analysis' })
    expect(api.callsOf(command)).toEqual([{ name: 'technical_analysis' }])
  })

  it('enables a disabled task', async () => {
    const { api } = renderWithStores(<CoordinatorView />)
    fireEvent.click(await screen.findByRole('button', { name: 'Enable portfolio rebalance' }))
    expect(await screen.findByRole('button', { name: 'Disable portfolio rebalance' })).toBeTruthy()
    expect(api.callsOf('coordinator:enableTask')).toEqual([{ name: 'portfolio_rebalance' }])
  })

  it('shows a refused task action on its row', async () => {
    const api = new InMemoryEngineApi().reject(
      'coordinator:runTask',
      'CONFLICT',
      'task is already running name=technical_analysis',
    )
    renderWithStores(<CoordinatorView />, { api })
    fireEvent.click(await screen.findByRole('button', { name: 'Run technical analysis now' }))
    const row = screen.getByRole('row', { name: 'Task technical analysis' })
    expect((await within(row).findByRole('alert')).textContent).toContain('task is already running')
  })

  it('resumes a paused symbol with one click', async () => {
    const api = new InMemoryEngineApi().handle('coordinator:status', () =>
      aCoordinatorStatus({ pausedSymbols: ['XRP/USDT'] }),
    )
    renderWithStores(<CoordinatorView />, { api })
    fireEvent.click(await screen.findByRole('button', { name: 'Resume trading XRP/USDT' }))
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Resume trading XRP/USDT' })).toBeNull(),
    )
    expect(api.callsOf('coordinator:resumeSymbol')).toEqual([{ symbol: 'XRP/USDT' }])
  })

  it('lists every traded symbol and pauses one with one click', async () => {
    const { api } = renderWithStores(<CoordinatorView />)
    fireEvent.click(await screen.findByRole('button', { name: 'Pause trading BTC/USDT' }))
    expect(await screen.findByRole('button', { name: 'Resume trading BTC/USDT' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Pause trading XRP/USDT' })).toBeTruthy()
    expect(api.callsOf('coordinator:pauseSymbol')).toEqual([{ symbol: 'BTC/USDT' }])
  })

  it('lists a paused symbol the config no longer trades, so it can be resumed', async () => {
    const api = new InMemoryEngineApi().handle('coordinator:status', () =>
      aCoordinatorStatus({ symbols: ['BTC/USDT'], pausedSymbols: ['XRP/USDT'] }),
    )
    renderWithStores(<CoordinatorView />, { api })
    expect(await screen.findByRole('button', { name: 'Resume trading XRP/USDT' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Pause trading BTC/USDT' })).toBeTruthy()
  })

  it('shows a refused symbol resume beside its symbol', async () => {
    const api = new InMemoryEngineApi()
      .handle('coordinator:status', () => aCoordinatorStatus({ pausedSymbols: ['XRP/USDT'] }))
      .reject('coordinator:resumeSymbol', 'CONFLICT', 'symbol=XRP/USDT is not paused')
    renderWithStores(<CoordinatorView />, { api })
    fireEvent.click(await screen.findByRole('button', { name: 'Resume trading XRP/USDT' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Resume XRP/USDT failed: symbol=XRP/USDT is not paused',
    )
  })

  it('shows degradation and recovery history, newest first', async () => {
    const api = new InMemoryEngineApi().handle('coordinator:status', () =>
      aCoordinatorStatus({
        degradationLevel: 'REDUCED',
        degradationHistory: [
          { at: 1, from: 'NORMAL', to: 'LIMITED', reason: 'two providers down' },
          { at: 2, from: 'LIMITED', to: 'REDUCED', reason: 'anthropic back' },
        ],
      }),
    )
    renderWithStores(<CoordinatorView />, { api })
    const table = await screen.findByRole('table', { name: 'Degradation history' })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringContaining('LIMITED → REDUCED recovery'),
      expect.stringContaining('NORMAL → LIMITED degraded'),
    ])
  })

  it('resets a tripped breaker', async () => {
    const risk = aRiskStatus()
    risk.breakers[2] = {
      ...risk.breakers[2]!,
      isTripped: true,
      trippedAt: 5,
      reason: 'drawdown 21%',
    }
    const api = new InMemoryEngineApi().handle('risk:status', () => risk)
    renderWithStores(<CoordinatorView />, { api })
    fireEvent.click(await screen.findByRole('button', { name: 'Reset breaker max drawdown' }))
    await screen.findByRole('table', { name: 'Circuit breakers' })
    expect(api.callsOf('risk:resetBreaker')).toEqual([{ name: 'max_drawdown' }])
  })

  it("names the risk state's P&L as realised, the part the loss breakers count", async () => {
    renderWithStores(<CoordinatorView />)
    const list = await screen.findByLabelText('Risk state')
    const today = within(list).getByText('Realised P&L today').nextElementSibling
    expect(today?.textContent).toContain('125.40')
    expect(
      within(list).getByText('Realised P&L this week').nextElementSibling?.textContent,
    ).toContain('310.15')
  })

  it('shows a load error with retry', async () => {
    const api = new InMemoryEngineApi().reject(
      'coordinator:status',
      'UNAVAILABLE',
      'coordinator not started',
    )
    renderWithStores(<CoordinatorView />, { api })
    const alerts = await screen.findAllByRole('alert')
    expect(alerts[0]?.textContent).toContain(
      'Could not load coordinator status: coordinator not started',
    )
  })
})
