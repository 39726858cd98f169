// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { ConnectionState } from '../../../../src-renderer/src/api/connection'
import { CONNECTED } from '../../../../src-renderer/src/api/connection'
import { App } from '../../../../src-renderer/src/app'
import { mountApp } from '../../../../src-renderer/src/mount-app'
import { VIEWS } from '../../../../src-renderer/src/store/navigation-store'
import { loadEssentials } from '../../../../src-renderer/src/store/stores'
import { aSystemInfo, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { ManualScheduler } from '../../../helpers/renderer/manual-scheduler'
import {
  installResizeObserverStub,
  renderWithStores,
} from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

describe('App', () => {
  it('switches views with the tabs, each with an accessible name', async () => {
    renderWithStores(<App />)
    const names = screen.getAllByRole('tab').map((tab) => tab.textContent)
    expect(names).toEqual([
      'Overview',
      'Market',
      'Positions',
      'Orders',
      'Decisions',
      'Models',
      'Coordinator',
      'Settings',
    ])
    expect(VIEWS).toHaveLength(names.length)
    fireEvent.click(screen.getByRole('tab', { name: 'Orders' }))
    expect(screen.getByRole('tab', { name: 'Orders' }).getAttribute('aria-selected')).toBe('true')
    expect(screen.getByRole('tabpanel', { name: 'Orders' })).toBeTruthy()
    expect(await screen.findByRole('table', { name: 'Open orders' })).toBeTruthy()
  })

  it('moves between tabs with the arrow keys', () => {
    const { stores } = renderWithStores(<App />)
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Overview' }), { key: 'ArrowLeft' })
    expect(stores.navigation.getState().view).toBe('settings')
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Settings' }), { key: 'ArrowRight' })
    expect(stores.navigation.getState().view).toBe('overview')
  })

  it('gives every button and form field an accessible name', async () => {
    for (const view of VIEWS) {
      renderWithStores(<App />, { view })
      await screen.findAllByRole('tab')
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)))
      for (const element of [
        ...screen.getAllByRole('button'),
        ...screen.queryAllByRole('textbox'),
        ...screen.queryAllByRole('combobox'),
      ]) {
        const name = element.getAttribute('aria-label') ?? element.textContent ?? ''
        const labelled = element.id && document.querySelector(`label[for="${element.id}"]`)
        expect(
          name.trim() !== '' || Boolean(labelled) || element.closest('label') !== null,
          `${view}: ${element.outerHTML}`,
        ).toBe(true)
      }
      cleanup()
    }
  })
})

describe('mountApp', () => {
  it('renders the app, loads the essentials, delivers events per frame and reloads after a reconnect', async () => {
    installResizeObserverStub()
    const api = new InMemoryEngineApi()
    const scheduler = new ManualScheduler()
    let notify: ((state: ConnectionState) => void) | undefined
    const element = document.createElement('div')
    document.body.append(element)
    let mounted: ReturnType<typeof mountApp> | undefined
    act(() => {
      mounted = mountApp(element, {
        api,
        scheduler,
        connection: {
          getConnectionState: () => CONNECTED,
          onConnectionChange: (listener) => {
            notify = listener
            return () => undefined
          },
        },
        view: 'positions',
      })
    })
    await waitFor(() => expect(element.textContent).toContain('BTC/USDT'))
    expect(api.callsOf('coordinator:status')).toHaveLength(1)
    api.emit(events.coordinatorState({ state: 'PAUSED' }))
    act(() => scheduler.runFrame())
    expect(mounted?.stores.coordinator.getState().status.data?.state).toBe('PAUSED')
    act(() => notify?.({ status: 'reconnecting', attempt: 1, retryAt: 1, lastError: 'closed' }))
    expect(element.textContent).toContain('Reconnecting')
    act(() => notify?.(CONNECTED))
    await waitFor(() => expect(api.callsOf('coordinator:status')).toHaveLength(2))
    act(() => mounted?.unmount())
    expect(api.listenerCount).toBe(0)
    element.remove()
  })
})

describe('EngineUnreachableBanner', () => {
  it('says the engine cannot be reached and retries the essentials', async () => {
    const api = new InMemoryEngineApi().reject(
      'system:info',
      'UNAVAILABLE',
      'cannot reach the engine: fetch failed',
    )
    const { stores } = renderWithStores(<App />, { api })
    await act(() => loadEssentials(stores))
    const banner = screen.getByRole('alert', { name: 'Engine unreachable' })
    expect(banner.textContent).toContain(
      'Cannot reach the TripleGain engine. cannot reach the engine: fetch failed',
    )
    api.handle('system:info', () => aSystemInfo())
    fireEvent.click(within(banner).getByRole('button', { name: 'Retry' }))
    await waitFor(() =>
      expect(screen.queryByRole('alert', { name: 'Engine unreachable' })).toBeNull(),
    )
  })
})
