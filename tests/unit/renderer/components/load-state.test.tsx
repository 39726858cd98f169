// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { LoadState } from '../../../../src-renderer/src/components/load-state'
import { loaded, notLoaded, type Loadable } from '../../../../src-renderer/src/store/loadable'

afterEach(cleanup)

const list = (items: readonly string[]) => (
  <ul>
    {items.map((item) => (
      <li key={item}>{item}</li>
    ))}
  </ul>
)

describe('LoadState', () => {
  it('says what it is loading until the data comes', () => {
    render(
      <LoadState loadable={notLoaded<string[]>()} label="orders" empty="No orders.">
        {list}
      </LoadState>,
    )
    expect(screen.getByRole('status').textContent).toBe('Loading orders…')
  })

  it('says what an empty list means when told', () => {
    render(
      <LoadState loadable={loaded<string[]>([])} empty="No orders.">
        {list}
      </LoadState>,
    )
    expect(screen.getByRole('status').textContent).toBe('No orders.')
    expect(screen.queryByRole('list')).toBeNull()
  })

  it('shows the data as it is when it has no empty state', () => {
    render(
      <LoadState loadable={loaded<string[]>([])}>{(items) => `${items.length} orders`}</LoadState>,
    )
    expect(screen.getByText('0 orders')).toBeTruthy()
  })

  it('keeps stale data on screen below the error', () => {
    const loadable: Loadable<string[]> = {
      ...loaded(['BTC/USDT']),
      error: { code: 'UNAVAILABLE', message: 'engine not reachable' },
    }
    render(
      <LoadState loadable={loadable} label="orders" empty="No orders.">
        {list}
      </LoadState>,
    )
    expect(screen.getByRole('alert').textContent).toContain('Could not load orders')
    expect(screen.getByRole('listitem').textContent).toBe('BTC/USDT')
  })
})
