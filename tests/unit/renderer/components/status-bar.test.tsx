// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StatusBar } from '../../../../src-renderer/src/components/status-bar'
import { loadEssentials } from '../../../../src-renderer/src/store/stores'
import {
  aCoordinatorStatus,
  aRiskStatus,
  aSystemInfo,
  events,
} from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

async function renderBar(api = new InMemoryEngineApi()) {
  const rendered = renderWithStores(<StatusBar />, { api })
  await act(() => loadEssentials(rendered.stores))
  return rendered
}

describe('StatusBar', () => {
  it('shows mode, coordinator state, degradation, connection, equity, today P&L and breakers', async () => {
    await renderBar()
    const bar = screen.getByRole('banner')
    expect(within(bar).getByRole('img', { name: /Trading mode PAPER/ })).toHaveProperty(
      'textContent',
      'PAPER',
    )
    expect(within(bar).getByLabelText('Coordinator RUNNING')).toBeTruthy()
    expect(within(bar).getByLabelText('Degradation NORMAL')).toBeTruthy()
    expect(within(bar).getByLabelText('Connection connected')).toBeTruthy()
    expect(within(bar).getByLabelText('Equity 10,125.40')).toBeTruthy()
    expect(within(bar).getByLabelText('Today P&L +125.40').className).toContain('up')
    expect(within(bar).getByText('All clear (4)')).toBeTruthy()
  })

  it("says on hover that today's P&L is the trades' P&L, not the change of equity", async () => {
    await renderBar()
    const item = screen.getByLabelText('Today P&L +125.40').closest('.status-item')
    expect(item?.getAttribute('title')).toMatch(
      /^Realised P&L of trades closed since 00:00 UTC plus the unrealised P&L of open positions/,
    )
  })

  it('makes live mode unmistakable', async () => {
    await renderBar(
      new InMemoryEngineApi().handle('system:info', () => aSystemInfo({ mode: 'live' })),
    )
    const badge = screen.getByRole('img', {
      name: 'Trading mode LIVE: real orders with real money',
    })
    expect(badge.getAttribute('data-mode')).toBe('live')
  })

  it('names tripped breakers', async () => {
    const risk = aRiskStatus()
    risk.breakers[0] = { ...risk.breakers[0]!, isTripped: true, reason: 'loss 5.2%' }
    await renderBar(new InMemoryEngineApi().handle('risk:status', () => risk))
    expect(screen.getByText('daily loss')).toBeTruthy()
    expect(screen.queryByText(/All clear/)).toBeNull()
  })

  it('pauses and resumes with one click each', async () => {
    const { api } = await renderBar()
    fireEvent.click(screen.getByRole('button', { name: 'Pause trading' }))
    const resume = await screen.findByRole('button', { name: 'Resume trading' })
    expect(api.callsOf('coordinator:pause')).toHaveLength(1)
    expect(screen.getByLabelText('Coordinator PAUSED')).toBeTruthy()
    fireEvent.click(resume)
    await screen.findByRole('button', { name: 'Pause trading' })
    expect(api.callsOf('coordinator:resume')).toHaveLength(1)
  })

  it('offers resume when the coordinator is halted', async () => {
    await renderBar(
      new InMemoryEngineApi().handle('coordinator:status', () =>
        aCoordinatorStatus({ state: 'HALTED' }),
      ),
    )
    expect(screen.getByRole('button', { name: 'Resume trading' })).toBeTruthy()
  })

  it('shows a refused pause with the engine code and message, and dismisses it', async () => {
    const api = new InMemoryEngineApi().reject(
      'coordinator:pause',
      'UNAVAILABLE',
      'engine is restarting',
    )
    await renderBar(api)
    fireEvent.click(screen.getByRole('button', { name: 'Pause trading' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('UNAVAILABLE')
    expect(alert.textContent).toContain('Pause failed: engine is restarting')
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('updates equity, P&L and state from pushed events on the next frame', async () => {
    const { api, frame } = await renderBar()
    api.emit(
      events.equity('9990.00', '-135.40'),
      events.coordinatorState({ state: 'HALTED', degradationLevel: 'EMERGENCY' }),
    )
    expect(screen.getByLabelText('Equity 10,125.40')).toBeTruthy()
    frame()
    expect(screen.getByLabelText('Equity 9,990.00')).toBeTruthy()
    expect(screen.getByLabelText('Today P&L -135.40').className).toContain('down')
    expect(screen.getByLabelText('Coordinator HALTED')).toBeTruthy()
    expect(screen.getByLabelText('Degradation EMERGENCY')).toBeTruthy()
  })

  it('shows a dropped event stream', async () => {
    const { stores } = await renderBar()
    act(() =>
      stores.connection
        .getState()
        .setConnection({ status: 'reconnecting', attempt: 3, retryAt: 1, lastError: 'closed' }),
    )
    expect(screen.getByLabelText('Connection reconnecting').textContent).toContain('Reconnecting')
  })

  it('shows dashes, not zeros, before anything is loaded', () => {
    renderWithStores(<StatusBar />)
    expect(screen.getByLabelText('Coordinator unknown').textContent).toContain('—')
    expect(screen.getByLabelText('Equity —')).toBeTruthy()
    expect(
      (screen.getByRole('button', { name: 'Pause trading' }) as HTMLButtonElement).disabled,
    ).toBe(true)
  })
})
