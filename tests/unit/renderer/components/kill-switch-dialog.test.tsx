// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { StatusBar } from '../../../../src-renderer/src/components/status-bar'
import { loadEssentials } from '../../../../src-renderer/src/store/stores'
import { anOrder, aPosition, aRebalanceBatch } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

async function openKillSwitch(api = new InMemoryEngineApi()) {
  const rendered = renderWithStores(<StatusBar />, { api })
  await act(() => loadEssentials(rendered.stores))
  fireEvent.click(screen.getByRole('button', { name: 'Kill switch' }))
  return { ...rendered, dialog: screen.getByRole('dialog', { name: 'Kill switch' }) }
}

describe('kill switch confirmation', () => {
  it('says exactly what will happen, with the counts of open orders and positions', async () => {
    const api = new InMemoryEngineApi()
      .handle('orders:list', () => [
        anOrder(),
        anOrder({ id: 'ord-2' }),
        anOrder({ id: 'ord-3' }),
        anOrder({ id: 'ord-4', role: 'stop-loss' }),
      ])
      .handle('positions:list', () => [aPosition(), aPosition({ id: 'pos-2' })])
      .handle('portfolio:pendingBatches', () => [
        aRebalanceBatch(),
        aRebalanceBatch({ id: '5d1f0a3e-2b4c-4d6e-8f90-1a2b3c4d5e6f' }),
      ])
    const { dialog } = await openKillSwitch(api)
    await screen.findByText(
      'Cancel 2 scheduled rebalance trades, so nothing trades the moment you resume.',
    )
    const steps = within(dialog).getByRole('list', { name: 'What the kill switch will do' })
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Halt the coordinator: no new trades are opened until you resume.',
      'Cancel 3 open orders other than stop-losses and take-profits.',
      'Cancel 2 scheduled rebalance trades, so nothing trades the moment you resume.',
      'Leave 2 open positions open (you can still close them while halted).',
      'Keep stop-loss and take-profit orders in place: they protect the open positions.',
    ])
    expect(within(dialog).getByRole('button', { name: 'Halt and cancel orders' })).toBeTruthy()
  })

  it('says no order is cancelled when only protective orders are open', async () => {
    const api = new InMemoryEngineApi().handle('orders:list', () => [
      anOrder({ id: 'ord-sl', role: 'stop-loss' }),
      anOrder({ id: 'ord-tp', role: 'take-profit' }),
    ])
    const { dialog } = await openKillSwitch(api)
    await within(dialog).findByText(
      'No open orders to cancel other than stop-losses and take-profits.',
    )
  })

  it('changes the plan and the button when closing positions is ticked', async () => {
    const { dialog } = await openKillSwitch()
    await within(dialog).findByText('No scheduled rebalance trades to cancel.')
    fireEvent.click(
      within(dialog).getByRole('checkbox', { name: 'Also close 1 open position at market' }),
    )
    const steps = within(dialog).getByRole('list', { name: 'What the kill switch will do' })
    expect(
      within(steps)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'Halt the coordinator: no new trades are opened until you resume.',
      'Cancel 1 open order other than stop-losses and take-profits.',
      'No scheduled rebalance trades to cancel.',
      'Close 1 open position at market price.',
      'Cancel the stop-loss and take-profit orders of the positions it closes.',
    ])
    expect(
      within(dialog).getByRole('button', { name: 'Halt, cancel orders and close positions' }),
    ).toBeTruthy()
  })

  it('runs the kill switch with the chosen option and reports what the engine did', async () => {
    const { dialog, api } = await openKillSwitch()
    fireEvent.click(within(dialog).getByRole('checkbox'))
    fireEvent.click(
      within(dialog).getByRole('button', { name: 'Halt, cancel orders and close positions' }),
    )
    const done = await screen.findByRole('dialog', { name: 'Kill switch engaged' })
    expect(api.callsOf('coordinator:killSwitch')).toEqual([{ closePositions: true }])
    // Loaded when the dialog opened, and again once the kill switch cancelled the batches.
    expect(api.callsOf('portfolio:pendingBatches')).toHaveLength(2)
    expect(within(done).getByRole('status').textContent).toBe(
      'Trading is HALTED. Cancelled 1 order and 0 scheduled rebalance trades, closed 1 position.',
    )
    fireEvent.click(within(done).getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('lists the steps that failed', async () => {
    const api = new InMemoryEngineApi().handle('coordinator:killSwitch', () => ({
      state: 'HALTED',
      cancelledOrders: 0,
      cancelledBatches: 0,
      closedPositions: 0,
      errors: ['cancel ord-1 failed: EService:Unavailable'],
    }))
    const { dialog } = await openKillSwitch(api)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Halt and cancel orders' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'cancel ord-1 failed: EService:Unavailable',
    )
  })

  it('keeps trading when dismissed, with Escape too', async () => {
    const { dialog, api } = await openKillSwitch()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Keep trading' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: 'Kill switch' }))
    fireEvent.keyDown(document, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(api.callsOf('coordinator:killSwitch')).toEqual([])
  })

  it('shows a failed kill switch in the dialog', async () => {
    const api = new InMemoryEngineApi().reject(
      'coordinator:killSwitch',
      'UNAVAILABLE',
      'engine not reachable',
    )
    const { dialog } = await openKillSwitch(api)
    fireEvent.click(within(dialog).getByRole('button', { name: 'Halt and cancel orders' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'The kill switch failed: engine not reachable',
    )
  })
})
