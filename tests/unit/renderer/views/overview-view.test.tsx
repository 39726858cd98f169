// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { OverviewView } from '../../../../src-renderer/src/views/overview-view'
import { EngineError } from '../../../../src-renderer/src/api/engine-error'
import { formatDateTime, formatTime } from '../../../../src-renderer/src/format/time'
import { loadEssentials } from '../../../../src-renderer/src/store/stores'
import {
  A_REBALANCE_ID,
  aRebalanceBatch,
  aSystemInfo,
  aTradingDecision,
  anAgentOutput,
  anAllocation,
  BASE_TIME,
  events,
} from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

function firstRunEngine() {
  return new InMemoryEngineApi()
    .handle('system:info', () =>
      aSystemInfo({
        isFirstRun: true,
        llmAvailable: false,
        notices: [
          'Paper mode: orders are simulated against real market data.',
          'Rules provider: no language model is reachable, so the agents use the rules provider.',
          'A notice without a topic.',
        ],
      }),
    )
    .handle('positions:list', () => [])
    .handle('portfolio:equityCurve', () => [])
    .handle('agents:outputs', () => [])
    .handle('decisions:recent', () => [])
}

describe('OverviewView', () => {
  it('explains paper mode and the rules provider on a first run instead of blank panels', async () => {
    const rendered = renderWithStores(<OverviewView />, { api: firstRunEngine() })
    await act(() => loadEssentials(rendered.stores))
    const notice = screen.getByRole('region', { name: 'Getting started' })
    expect(within(notice).getByRole('heading').textContent).toBe('Welcome to TripleGain')
    // Each of the host's notices once, as a paragraph with its topic in bold.
    const paragraphs = within(notice)
      .getAllByRole('paragraph')
      .map((paragraph) => paragraph.textContent)
    expect(paragraphs).toEqual([
      'Paper mode: orders are simulated against real market data.',
      'Rules provider: no language model is reachable, so the agents use the rules provider.',
      'A notice without a topic.',
    ])
    expect(
      within(notice)
        .getAllByText((_, element) => element?.tagName === 'STRONG')
        .map((topic) => topic.textContent),
    ).toEqual(['Paper mode:', 'Rules provider:'])
    expect(await screen.findByText(/No equity history yet/)).toBeTruthy()
    expect(screen.getByText(/No agent signals yet/)).toBeTruthy()
    expect(screen.getByText(/No open positions/)).toBeTruthy()
    expect(screen.getByText(/No events yet/)).toBeTruthy()
    fireEvent.click(within(notice).getByRole('button', { name: 'Open Settings' }))
    expect(rendered.stores.navigation.getState().view).toBe('settings')
  })

  it('shows the events from before a page load in the feed, and offers a retry when they fail', async () => {
    const api = new InMemoryEngineApi().reject('events:recent', 'UNAVAILABLE', 'engine busy')
    const rendered = renderWithStores(<OverviewView />, { api })
    await act(() => loadEssentials(rendered.stores))
    const alert = screen.getByText(/Earlier events not loaded: engine busy/)
    api.handle('events:recent', () => [events.notice('engine started in PAPER mode')])
    await act(async () => {
      fireEvent.click(within(alert.closest('[role="alert"]') as HTMLElement).getByText('Retry'))
    })
    expect(screen.queryByText(/Earlier events not loaded/)).toBeNull()
    expect(
      within(screen.getByRole('list', { name: 'Recent events' })).getByText(
        'engine started in PAPER mode',
      ),
    ).toBeTruthy()
  })

  it('shows no first-run notice on a set-up engine', async () => {
    const rendered = renderWithStores(<OverviewView />)
    await act(() => loadEssentials(rendered.stores))
    expect(screen.queryByRole('region', { name: 'Getting started' })).toBeNull()
  })

  it('shows allocation vs target with the threshold, positions and latest signals', async () => {
    const rendered = renderWithStores(<OverviewView />)
    await act(() => loadEssentials(rendered.stores))
    const allocation = await screen.findByRole('table', { name: 'Allocation vs target' })
    expect(allocation.textContent).toContain('BTC')
    expect(screen.getByText('Rebalance threshold').nextSibling?.textContent).toBe('5.00%')
    expect(screen.getByRole('table', { name: 'Open positions summary' }).textContent).toContain(
      'BTC/USDT',
    )
    const signals = await screen.findByRole('table', { name: 'Latest signals per symbol' })
    expect(signals.textContent).toContain('BUY · BULLISH · conf 68%')
    expect(signals.textContent).toContain('Trending bull · conf 74%')
  })

  it('says which coins the allocation leaves out: hodl bags and open positions', async () => {
    const base = anAllocation()
    const api = new InMemoryEngineApi().handle('portfolio:allocation', () => ({
      ...base,
      assets: base.assets.map((asset) =>
        asset.asset === 'BTC' ? { ...asset, balance: '0.08', inPositions: '0.03' } : asset,
      ),
    }))
    const rendered = renderWithStores(<OverviewView />, { api })
    await act(() => loadEssentials(rendered.stores))
    const allocation = await screen.findByRole('table', { name: 'Allocation vs target' })
    expect(screen.getByText('Rebalanced equity').nextSibling?.textContent).toBe('10,125.40')
    expect(within(allocation).getByLabelText('Not rebalanced').textContent).toBe(
      'Not rebalanced: 0.03 BTC in open positions, 1,000 XRP hodl bag',
    )
  })

  it("shows the trading decision's consensus in the Decision column, not one model's error", async () => {
    const api = new InMemoryEngineApi()
      .handle('agents:outputs', () => [
        anAgentOutput({
          id: 'vote-qwen',
          agent: 'trading_decision',
          correlationId: 'corr-7',
          createdAt: BASE_TIME - 9_000,
          output: { action: 'BUY', confidence: 0.7 },
        }),
        anAgentOutput({
          id: 'vote-claude',
          agent: 'trading_decision',
          correlationId: 'corr-7',
          model: 'claude-sonnet-4-5',
          createdAt: BASE_TIME - 5_000,
          isValid: false,
          output: null,
          error: 'timeout: no answer in 30s',
        }),
      ])
      .handle('decisions:recent', () => [
        aTradingDecision({ correlationId: 'corr-7', createdAt: BASE_TIME - 4_000, agreement: 1 }),
      ])
    renderWithStores(<OverviewView />, { api })
    const signals = await screen.findByRole('table', { name: 'Latest signals per symbol' })
    const row = within(signals).getByRole('row', { name: /BTC\/USDT/ })
    const decision = within(row).getAllByRole('cell')[4] as HTMLElement
    expect(decision.textContent).toBe('BUY · conf 71% · agreement 100% · 3/3 answered')
    expect(decision.querySelector('.down')).toBeNull()
    expect(api.callsOf('decisions:recent')).toHaveLength(1)
  })

  it('shows an error in the Decision column when no model gave an answer', async () => {
    const api = new InMemoryEngineApi()
      .handle('agents:outputs', () => [
        anAgentOutput({
          id: 'vote-qwen',
          agent: 'trading_decision',
          correlationId: 'corr-8',
          isValid: false,
          output: null,
          error: 'timeout: no answer in 30s',
        }),
      ])
      .handle('decisions:recent', () => [])
    renderWithStores(<OverviewView />, { api })
    const signals = await screen.findByRole('table', { name: 'Latest signals per symbol' })
    const decision = within(signals).getByText('no consensus · error: timeout: no answer in 30s')
    expect(decision.className).toBe('down')
  })

  it('shows an allocation error with its message and retries', async () => {
    const api = new InMemoryEngineApi().reject(
      'portfolio:allocation',
      'UNAVAILABLE',
      'balances not synced yet',
    )
    renderWithStores(<OverviewView />, { api })
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('Could not load allocation: balances not synced yet')
    api.handle(
      'portfolio:allocation',
      () => (new InMemoryEngineApi() as InMemoryEngineApi).invoke('portfolio:allocation') as never,
    )
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }))
    expect(await screen.findByRole('table', { name: 'Allocation vs target' })).toBeTruthy()
  })

  it('lists recent events as they arrive and links them to their trace', async () => {
    const rendered = renderWithStores(<OverviewView />)
    rendered.api.emit(
      events.orderFilled({ correlationId: 'corr-5' }),
      events.riskAlert('circuit_breaker_tripped', 'daily loss 5.2%'),
    )
    rendered.frame()
    const feed = screen.getByRole('list', { name: 'Recent events' })
    const items = within(feed).getAllByRole('listitem')
    expect(items.map((item) => item.getAttribute('data-level'))).toEqual(['error', 'success'])
    expect(items[1]?.textContent).toContain('Filled BUY 0.05 BTC/USDT @ 64,500.00')
    fireEvent.click(within(feed).getByRole('button', { name: 'Open trace corr-5' }))
    expect(rendered.stores.navigation.getState().view).toBe('decisions')
    expect(rendered.stores.decisions.getState().selectedCorrelationId).toBe('corr-5')
  })
})

describe('OverviewView: scheduled rebalance trades', () => {
  const OTHER_REBALANCE = '9d7e5c3a-1b2f-4e6d-8c0a-7f5e3d1b9a20'

  /** Batches 2 and 3 of a BTC sell, and the single XRP buy of a later rebalance. */
  function scheduled() {
    return [
      aRebalanceBatch({ batchNumber: 2 }),
      aRebalanceBatch({ batchNumber: 3 }),
      aRebalanceBatch({
        id: '0b5e1d7a-2c3f-4a8b-9e6d-0000000000aa',
        rebalanceId: OTHER_REBALANCE,
        symbol: 'XRP/USDT',
        side: 'buy',
        amountUsd: '76.53',
        batchNumber: 1,
        batchCount: 1,
        dueAt: BASE_TIME + 3 * 3_600_000 + 20 * 60_000,
      }),
    ]
  }

  async function renderOverview(api: InMemoryEngineApi) {
    const rendered = renderWithStores(<OverviewView />, { api })
    // The coordinator status tells the engine's time, which the due times count from.
    await act(() => loadEssentials(rendered.stores))
    return rendered
  }

  const panel = () => screen.getByRole('region', { name: 'Scheduled rebalance trades' })
  const rowTexts = (row: HTMLElement) =>
    within(row)
      .getAllByRole('cell')
      .map((cell) => cell.textContent)

  it('says nothing is scheduled when no batch is pending', async () => {
    const api = new InMemoryEngineApi()
    await renderOverview(api)
    expect(await within(panel()).findByText(/^Nothing scheduled\./)).toBeTruthy()
    expect(within(panel()).queryByRole('table')).toBeNull()
    expect(api.callsOf('portfolio:pendingBatches')).toEqual([undefined])
  })

  it('lists each pending batch with its local time, time left, trade and batch k/n, by rebalance', async () => {
    const api = new InMemoryEngineApi().handle('portfolio:pendingBatches', scheduled)
    await renderOverview(api)
    const table = await within(panel()).findByRole('table', { name: 'Scheduled rebalance trades' })
    const second = within(table).getByRole('row', { name: 'Batch 2/6 sell BTC/USDT' })
    const dueAt = BASE_TIME + 4 * 3_600_000
    expect(rowTexts(second)).toEqual([
      `${formatTime(dueAt)} in 4h 00m`,
      'BTC/USDT',
      'sell',
      '444.50',
      '2/6',
      'Cancel',
    ])
    expect(within(second).getAllByRole('cell')[0]?.getAttribute('title')).toBe(
      formatDateTime(dueAt),
    )
    // The time left goes on a line of its own, so the Cancel column fits a narrow window.
    expect(within(second).getByText('in 4h 00m').className).toBe('cell-note')
    const buy = within(table).getByRole('row', { name: 'Batch 1/1 buy XRP/USDT' })
    expect(rowTexts(buy).slice(0, 5)).toEqual([
      `${formatTime(BASE_TIME + 3 * 3_600_000 + 20 * 60_000)} in 3h 20m`,
      'XRP/USDT',
      'buy',
      '76.53',
      '1/1',
    ])
    const group = within(table).getByRole('row', { name: `Rebalance ${A_REBALANCE_ID}` })
    expect(rowTexts(group)[0]).toBe(
      `Rebalance ${A_REBALANCE_ID.slice(0, 8)} · 2 pending · 889.00 USD`,
    )
    expect(
      within(table)
        .getAllByRole('row')
        .map((row) => row.getAttribute('aria-label')),
    ).toEqual([
      null,
      `Rebalance ${A_REBALANCE_ID}`,
      'Batch 2/6 sell BTC/USDT',
      'Batch 3/6 sell BTC/USDT',
      `Rebalance ${OTHER_REBALANCE}`,
      'Batch 1/1 buy XRP/USDT',
    ])
  })

  it('cancels one batch, showing it is cancelling, and lists what is left', async () => {
    let pending = scheduled()
    const api = new InMemoryEngineApi().handle('portfolio:pendingBatches', () => pending)
    const answer = api.defer('portfolio:cancelBatch')
    await renderOverview(api)
    const table = await within(panel()).findByRole('table')
    const button = within(table).getByRole('button', { name: 'Cancel batch 2/6 sell BTC/USDT' })
    fireEvent.click(button)
    expect(button.textContent).toBe('Cancelling…')
    expect((button as HTMLButtonElement).disabled).toBe(true)
    const [cancelled, ...rest] = pending
    pending = rest
    await act(async () => answer.resolve({ ...cancelled!, status: 'cancelled' }))
    expect(api.callsOf('portfolio:cancelBatch')).toEqual([{ id: cancelled!.id }])
    expect(within(table).queryByRole('row', { name: 'Batch 2/6 sell BTC/USDT' })).toBeNull()
    expect(within(table).getByRole('row', { name: 'Batch 3/6 sell BTC/USDT' })).toBeTruthy()
  })

  it('cancels all batches of one rebalance and leaves the other', async () => {
    let pending = scheduled()
    const api = new InMemoryEngineApi()
      .handle('portfolio:pendingBatches', () => pending)
      .handle('portfolio:cancelRebalance', ({ id }) => {
        pending = pending.filter((batch) => batch.rebalanceId !== id)
        return { cancelled: 2 }
      })
    await renderOverview(api)
    const table = await within(panel()).findByRole('table')
    await act(async () => {
      fireEvent.click(
        within(table).getByRole('button', {
          name: `Cancel all batches of rebalance ${A_REBALANCE_ID}`,
        }),
      )
    })
    expect(api.callsOf('portfolio:cancelRebalance')).toEqual([{ id: A_REBALANCE_ID }])
    expect(within(table).queryByRole('row', { name: `Rebalance ${A_REBALANCE_ID}` })).toBeNull()
    expect(within(table).getByRole('row', { name: 'Batch 1/1 buy XRP/USDT' })).toBeTruthy()
  })

  it('shows why a cancel was refused, also once the batch has left the list', async () => {
    const batch = aRebalanceBatch({ batchNumber: 2 })
    let pending = [batch]
    const message = `rebalance batch id=${batch.id} is already executed; only a pending batch can be cancelled`
    const api = new InMemoryEngineApi()
      .handle('portfolio:pendingBatches', () => pending)
      .handle('portfolio:cancelBatch', () => {
        // It ran just before the click reached the engine.
        pending = []
        throw new EngineError('CONFLICT', message)
      })
    await renderOverview(api)
    const table = await within(panel()).findByRole('table')
    await act(async () => {
      fireEvent.click(within(table).getByRole('button', { name: 'Cancel batch 2/6 sell BTC/USDT' }))
    })
    const alert = within(panel()).getByRole('alert')
    expect(alert.textContent).toBe(`CONFLICTCancel refused: ${message}`)
    expect(within(panel()).getByText(/^Nothing scheduled\./)).toBeTruthy()
  })
})
