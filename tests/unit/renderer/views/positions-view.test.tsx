// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { PositionsView } from '../../../../src-renderer/src/views/positions-view'
import { aCoordinatorStatus, aPosition, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

async function renderPositions(api = new InMemoryEngineApi()) {
  const rendered = renderWithStores(<PositionsView />, { api })
  const row = await screen.findByRole('row', { name: 'BTC/USDT long pos-1' })
  return { ...rendered, row }
}

describe('PositionsView', () => {
  it('shows live P&L coloured, SL/TP and the trailing state', async () => {
    const { row } = await renderPositions()
    expect(within(row).getByText('+50.00').className).toContain('up')
    expect(within(row).getByText('63,000.00')).toBeTruthy()
    expect(within(row).getByText('70,000.00')).toBeTruthy()
    expect(within(row).getByText('armed at +1.0%')).toBeTruthy()
    expect(within(row).getByText('then trails 1.5%')).toBeTruthy()
    expect(within(row).getByText('+1.54%').className).toContain('up')
  })

  it("shows when a position opened relative to the engine's time, not this machine's", async () => {
    const replayNow = Date.UTC(2021, 4, 10, 12, 0, 0)
    const opened = { openedAt: replayNow - 300_000 }
    const api = new InMemoryEngineApi()
      .handle('coordinator:status', () => aCoordinatorStatus({ now: replayNow }))
      .handle('positions:list', () => [aPosition(opened)])
    const { stores, frame, row } = await renderPositions(api)
    expect(within(row).queryByText(/ago/)).toBeNull()
    await act(() => stores.coordinator.getState().load())
    expect(await within(row).findByText('5m 00s ago')).toBeTruthy()
    // The replay runs on: its events carry its time.
    api.emit(events.positionUpdated({ ...opened, unrealizedPnl: '12.00' }, replayNow + 600_000))
    frame()
    expect(within(row).getByText('15m 00s ago')).toBeTruthy()
  })

  it('asks for the exposure again when a position opens or changes size, not on a price move', async () => {
    const { api, frame } = await renderPositions()
    const asked = () => api.callsOf('positions:exposure').length
    const atStart = asked()
    expect(atStart).toBeGreaterThan(0)
    api.emit(events.positionUpdated({ unrealizedPnl: '-12.00' }))
    frame()
    expect(asked()).toBe(atStart)
    api.emit(events.positionUpdated({ id: 'pos-2' }))
    frame()
    await waitFor(() => expect(asked()).toBe(atStart + 1))
    api.emit(events.positionUpdated({ id: 'pos-2', size: '0.02' }))
    frame()
    await waitFor(() => expect(asked()).toBe(atStart + 2))
  })

  it('updates P&L from pushed position events', async () => {
    const { api, frame, row } = await renderPositions()
    api.emit(events.positionUpdated({ unrealizedPnl: '-12.00', unrealizedPnlPct: '-0.37' }))
    frame()
    expect(within(row).getByText('-12.00').className).toContain('down')
  })

  it('confirms a close with the estimated exit and P&L, then closes', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT long' })
    expect(await within(dialog).findByText('65,990.00')).toBeTruthy()
    expect(within(dialog).getByLabelText('Estimated P&L +49.50')).toBeTruthy()
    expect(within(dialog).getByText('1.32')).toBeTruthy()
    expect(api.callsOf('positions:closePreview')).toEqual([{ id: 'pos-1' }])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close position' }))
    await screen.findByText(/No open positions/)
    expect(api.callsOf('positions:close')).toEqual([{ id: 'pos-1', reason: 'manual' }])
    // The dialog closes once the engine's answer reached it, which may be after the list.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
  })

  it('records a close made on the exchange at the price typed, selling nothing', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT long' })
    await within(dialog).findByText('65,990.00')
    fireEvent.click(
      within(dialog).getByRole('button', {
        name: 'Already sold on the exchange? Record that close instead',
      }),
    )
    expect(within(dialog).getByText(/Nothing is traded/)).toBeTruthy()
    const record = () =>
      within(dialog).getByRole('button', { name: /^Record close/ }) as HTMLButtonElement
    expect(record().disabled).toBe(true)
    const price = within(dialog).getByLabelText('Exit price (USDT)')
    fireEvent.change(price, { target: { value: '-5' } })
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Exit price: expected a decimal number greater than zero',
    )
    expect(record().disabled).toBe(true)
    fireEvent.change(price, { target: { value: '64100.5' } })
    expect(within(dialog).queryByRole('alert')).toBeNull()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Record close at 64,100.50' }))
    await screen.findByText(/No open positions/)
    expect(api.callsOf('positions:close')).toEqual([
      { id: 'pos-1', exitPrice: '64100.5', reason: 'closed_elsewhere' },
    ])
  })

  it('goes back to closing at market from the record-a-close form', async () => {
    const { row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog')
    fireEvent.click(within(dialog).getByRole('button', { name: /Record that close instead/ }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close at market instead' }))
    expect(await within(dialog).findByRole('button', { name: 'Close position' })).toBeTruthy()
    expect(within(dialog).queryByLabelText('Exit price (USDT)')).toBeNull()
  })

  it('shows why the exit cannot be estimated and keeps the close button disabled', async () => {
    const api = new InMemoryEngineApi().reject(
      'positions:closePreview',
      'UNAVAILABLE',
      'no price for BTC/USDT',
    )
    const { row } = await renderPositions(api)
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog')
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Could not estimate the exit: no price for BTC/USDT',
    )
    expect(
      (within(dialog).getByRole('button', { name: 'Close position' }) as HTMLButtonElement)
        .disabled,
    ).toBe(true)
  })

  it('offers to record a short as bought back, not sold, on the exchange', async () => {
    const api = new InMemoryEngineApi().handle('positions:list', ({ status }) =>
      status === 'open' ? [aPosition({ side: 'short' })] : [],
    )
    renderWithStores(<PositionsView />, { api })
    fireEvent.click(await screen.findByRole('button', { name: 'Close BTC/USDT short' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT short' })
    expect(
      within(dialog).getByRole('button', {
        name: 'Already bought back on the exchange? Record that close instead',
      }),
    ).toBeTruthy()
  })

  it('names the reason a position closed in words', async () => {
    const api = new InMemoryEngineApi().handle('positions:list', ({ status }) =>
      status === 'open' ? [] : [aPosition({ status: 'closed', closeReason: 'stop_loss' })],
    )
    renderWithStores(<PositionsView />, { api })
    const closed = await screen.findByRole('table', { name: /closed/i })
    expect(within(closed).getByText('stop loss')).toBeTruthy()
  })

  it('says so when the position closed while its close dialog was open, also when it was the last', async () => {
    const { api, frame, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT long' })
    api.emit(
      events.positionClosed({
        closeReason: 'stop_loss',
        exitPrice: '63000.00',
        realizedPnl: '-70.00',
      }),
    )
    frame()
    await screen.findByText(/No open positions/)
    expect(within(dialog).getByText(/closed while this dialog was open/)).toBeTruthy()
    expect(within(dialog).getByText('stop loss')).toBeTruthy()
    expect(within(dialog).getByLabelText('Realized P&L -70.00')).toBeTruthy()
    expect(within(dialog).queryByRole('button', { name: 'Close position' })).toBeNull()
    fireEvent.click(within(dialog).getByRole('button', { name: 'OK' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(api.callsOf('positions:close')).toEqual([])
  })

  it('follows the position it closes as it changes', async () => {
    const { api, frame, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT long' })
    api.emit(events.positionUpdated({ size: '0.02' }))
    frame()
    expect(within(dialog).getByText(/Close the long 0\.02 BTC\/USDT position/)).toBeTruthy()
  })

  it('shows a refused close in the dialog', async () => {
    const api = new InMemoryEngineApi().reject(
      'positions:close',
      'CONFLICT',
      'position already closing id=pos-1',
    )
    const { row } = await renderPositions(api)
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog')
    await within(dialog).findByText('65,990.00')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close position' }))
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'The engine refused to close: position already closing id=pos-1',
    )
  })

  it('closes a quarter with one click: the estimate is of that part and the row keeps the rest', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog', { name: 'Close BTC/USDT long' })
    const all = within(dialog).getByRole('button', { name: 'All' })
    expect(all.getAttribute('aria-pressed')).toBe('true')
    await within(dialog).findByText('65,990.00')
    fireEvent.click(within(dialog).getByRole('button', { name: '25%' }))
    expect(all.getAttribute('aria-pressed')).toBe('false')
    const estimate = await within(dialog).findByLabelText('Close estimate')
    expect(estimate.textContent).toContain('Size to close0.0125 BTC')
    expect(estimate.textContent).toContain('Stays open0.0375 BTC')
    expect(api.callsOf('positions:closePreview')).toEqual([
      { id: 'pos-1' },
      { id: 'pos-1', sizePct: '25' },
    ])
    fireEvent.click(within(dialog).getByRole('button', { name: 'Close 0.0125 BTC' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(api.callsOf('positions:close')).toEqual([
      { id: 'pos-1', reason: 'manual', sizePct: '25' },
    ])
    expect(within(row).getByText('0.0375')).toBeTruthy()
  })

  it('closes a typed size once it is a valid part of the position', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog')
    const size = within(dialog).getByLabelText('Size to close (BTC)')
    const confirm = () => within(dialog).getAllByRole('button').at(-1) as HTMLButtonElement
    fireEvent.change(size, { target: { value: '0' } })
    expect(within(dialog).getByRole('alert').textContent).toBe(
      'Size: expected a decimal number greater than zero',
    )
    expect(size.getAttribute('aria-invalid')).toBe('true')
    expect(confirm().disabled).toBe(true)
    fireEvent.change(size, { target: { value: '0.06' } })
    expect((await within(dialog).findByRole('alert')).textContent).toContain(
      'Could not estimate the exit: size=0.06 is above the open size=0.05',
    )
    expect(size.getAttribute('aria-invalid')).toBe('true')
    expect(confirm().disabled).toBe(true)
    fireEvent.change(size, { target: { value: '0.02' } })
    fireEvent.click(await within(dialog).findByRole('button', { name: 'Close 0.02 BTC' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(api.callsOf('positions:closePreview')).not.toContainEqual({ id: 'pos-1', size: '0' })
    expect(api.callsOf('positions:close')).toEqual([
      { id: 'pos-1', reason: 'manual', size: '0.02' },
    ])
    expect(within(row).getByText('0.03')).toBeTruthy()
  })

  it('goes back to closing all of it when the typed size is emptied', async () => {
    const { row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Close BTC/USDT long' }))
    const dialog = screen.getByRole('dialog')
    const size = within(dialog).getByLabelText('Size to close (BTC)')
    fireEvent.change(size, { target: { value: '0.01' } })
    expect(within(dialog).getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe(
      'false',
    )
    fireEvent.change(size, { target: { value: '' } })
    expect(within(dialog).getByRole('button', { name: 'All' }).getAttribute('aria-pressed')).toBe(
      'true',
    )
    expect(await within(dialog).findByRole('button', { name: 'Close position' })).toBeTruthy()
  })

  it.each([
    ['abc', 'Stop-loss: expected a decimal number written as a string, e.g. "123.45"'],
    ['0', 'Stop-loss: expected a decimal number greater than zero'],
    ['-5', 'Stop-loss: expected a decimal number greater than zero'],
  ])('rejects stop-loss %s with a clear message and sends nothing', async (value, message) => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }))
    const form = screen.getByRole('form', {
      name: 'Edit stop-loss and take-profit for BTC/USDT long',
    })
    const input = within(form).getByLabelText('Stop-loss')
    fireEvent.change(input, { target: { value } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    expect(within(form).getByRole('alert').textContent).toBe(message)
    expect(input.getAttribute('aria-invalid')).toBe('true')
    expect(api.callsOf('positions:modify')).toEqual([])
  })

  it('sends only what changed, and an emptied field removes that level', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }))
    const form = screen.getByRole('form')
    fireEvent.change(within(form).getByLabelText('Stop-loss'), { target: { value: '64000' } })
    fireEvent.change(within(form).getByLabelText('Take-profit'), { target: { value: '' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await screen.findByRole('button', { name: 'Edit SL/TP BTC/USDT long', expanded: false })
    expect(api.callsOf('positions:modify')).toEqual([
      { id: 'pos-1', stopLoss: '64000', takeProfit: null },
    ])
  })

  it('changes the trailing stop', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }))
    const form = screen.getByRole('form')
    fireEvent.change(within(form).getByLabelText('Trailing distance %'), {
      target: { value: '2.5' },
    })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    await screen.findByRole('button', { name: 'Edit SL/TP BTC/USDT long', expanded: false })
    expect(api.callsOf('positions:modify')).toEqual([
      { id: 'pos-1', trailingStop: { isEnabled: true, distancePct: '2.5' } },
    ])
  })

  it('shows the engine refusal of a change clearly and keeps the editor open', async () => {
    const api = new InMemoryEngineApi().reject(
      'positions:modify',
      'BAD_REQUEST',
      'INVALID_STOP_LOSS: stop-loss must be below the current price for a long position stopLoss=70000 price=66000.00',
    )
    const { row } = await renderPositions(api)
    fireEvent.click(within(row).getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }))
    const form = screen.getByRole('form')
    fireEvent.change(within(form).getByLabelText('Stop-loss'), { target: { value: '70000' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }))
    const alert = await within(form).findByRole('alert')
    expect(alert.textContent).toContain('BAD_REQUEST')
    expect(alert.textContent).toContain(
      'The engine refused the change: INVALID_STOP_LOSS: stop-loss must be below the current price for a long position',
    )
  })

  it('closes the editor without a call when nothing changed', async () => {
    const { api, row } = await renderPositions()
    fireEvent.click(within(row).getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }))
    fireEvent.click(within(screen.getByRole('form')).getByRole('button', { name: 'Save' }))
    expect(screen.queryByRole('form')).toBeNull()
    expect(api.callsOf('positions:modify')).toEqual([])
  })

  it('explains an empty list and shows a load error with retry', async () => {
    const api = new InMemoryEngineApi().handle('positions:list', ({ status }) =>
      status === 'open' ? [] : [aPosition({ status: 'closed' })],
    )
    renderWithStores(<PositionsView />, { api })
    expect(await screen.findByText(/No open positions/)).toBeTruthy()
    cleanup()
    const failing = new InMemoryEngineApi().reject(
      'positions:list',
      'UNAVAILABLE',
      'database is locked',
    )
    renderWithStores(<PositionsView />, { api: failing })
    const alerts = await screen.findAllByRole('alert')
    expect(alerts[0]?.textContent).toContain('Could not load open positions: database is locked')
    failing.handle('positions:list', () => [aPosition()])
    fireEvent.click(screen.getAllByRole('button', { name: 'Retry' })[0] as HTMLElement)
    expect(await screen.findByRole('row', { name: 'BTC/USDT long pos-1' })).toBeTruthy()
  })
})
