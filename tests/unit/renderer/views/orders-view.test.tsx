// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { OrdersView } from '../../../../src-renderer/src/views/orders-view'
import { anOrder, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

describe('OrdersView', () => {
  it('cancels an open order with one click', async () => {
    const { api } = renderWithStores(<OrdersView />)
    const open = await screen.findByRole('table', { name: 'Open orders' })
    fireEvent.click(within(open).getByRole('button', { name: 'Cancel order tg-ord-1' }))
    expect(await screen.findByText(/No open orders/)).toBeTruthy()
    expect(api.callsOf('orders:cancel')).toEqual([{ id: 'ord-1' }])
    const history = screen.getByRole('table', { name: 'Order history' })
    expect(within(history).getByText('cancelled')).toBeTruthy()
  })

  it("says in words on a stop loss's cancel that it takes the level off the position", async () => {
    const stop = anOrder({
      id: 'ord-2',
      clientOrderId: 'tg-ord-2',
      side: 'sell',
      type: 'stop-loss',
      role: 'stop-loss',
      positionId: 'pos-1',
    })
    const api = new InMemoryEngineApi().handle('orders:list', () => [anOrder(), stop])
    renderWithStores(<OrdersView />, { api })
    const open = await screen.findByRole('table', { name: 'Open orders' })
    const cancelOf = (clientOrderId: string) =>
      within(open).getByRole('button', { name: `Cancel order ${clientOrderId}` })
    expect(cancelOf('tg-ord-2').title).toBe(
      'Cancels the stop loss and takes it off the BTC/USDT position: it is not placed again',
    )
    expect(cancelOf('tg-ord-1').title).toBe('')
  })

  it('shows order types and roles as words in both tables', async () => {
    const takeProfit = anOrder({
      id: 'ord-3',
      clientOrderId: 'tg-ord-3',
      side: 'sell',
      type: 'take-profit',
      role: 'take-profit',
      positionId: 'pos-1',
    })
    const api = new InMemoryEngineApi().handle('orders:list', () => [takeProfit])
    renderWithStores(<OrdersView />, { api })
    for (const name of ['Open orders', 'Order history']) {
      const table = await screen.findByRole('table', { name })
      const cells = await within(table).findAllByText('take profit')
      expect(cells.map((cell) => cell.textContent)).toEqual(['take profit', 'take profit'])
      expect(within(table).queryByText('take-profit')).toBeNull()
    }
  })

  it('lists the history by creation and says when each order was created and last changed', async () => {
    renderWithStores(<OrdersView />)
    const history = await screen.findByRole('table', { name: 'Order history' })
    const headers = within(history)
      .getAllByRole('columnheader')
      .map((header) => header.textContent)
    expect(headers.slice(0, 2)).toEqual(['Created', 'Updated'])
  })

  it('shows a refused cancel next to the order', async () => {
    const api = new InMemoryEngineApi().reject(
      'orders:cancel',
      'CONFLICT',
      'order already filled id=ord-1',
    )
    renderWithStores(<OrdersView />, { api })
    const open = await screen.findByRole('table', { name: 'Open orders' })
    fireEvent.click(within(open).getByRole('button', { name: 'Cancel order tg-ord-1' }))
    expect((await within(open).findByRole('alert')).textContent).toContain(
      'Cancel refused: order already filled id=ord-1',
    )
  })

  it("shows an order's status timeline, fetched on demand", async () => {
    const { api } = renderWithStores(<OrdersView />)
    const history = await screen.findByRole('table', { name: 'Order history' })
    fireEvent.click(within(history).getByRole('button', { name: 'Timeline of order tg-ord-1' }))
    const timeline = await screen.findByRole('list', { name: 'Status timeline' })
    expect(
      within(timeline)
        .getAllByRole('listitem')
        .map((item) => item.querySelector('strong')?.textContent),
    ).toEqual(['pending', 'open'])
    expect(within(timeline).getByText('external id: OABC-123')).toBeTruthy()
    expect(api.callsOf('orders:get')).toEqual([{ id: 'ord-1' }])
    fireEvent.click(within(history).getByRole('button', { name: 'Timeline of order tg-ord-1' }))
    expect(screen.queryByRole('list', { name: 'Status timeline' })).toBeNull()
  })

  it('moves orders between tables as events arrive', async () => {
    const { api, frame } = renderWithStores(<OrdersView />)
    await screen.findByRole('table', { name: 'Open orders' })
    api.emit(
      events.orderFilled({ id: 'ord-1' }),
      events.orderUpdated({ id: 'ord-5', clientOrderId: 'tg-ord-5' }),
    )
    frame()
    const open = screen.getByRole('table', { name: 'Open orders' })
    expect(within(open).queryByRole('button', { name: 'Cancel order tg-ord-1' })).toBeNull()
    expect(within(open).getByRole('button', { name: 'Cancel order tg-ord-5' })).toBeTruthy()
  })
})
