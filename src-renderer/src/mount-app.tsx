import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import type { EngineApi } from '../../src-shared/engine-api'
import type { ConnectionSource } from './api/connection'
import { App } from './app'
import type { DesktopNotifier } from './notifications/desktop-notifier'
import type { FrameScheduler } from './store/event-coalescer'
import { subscribeStoresToEvents } from './store/event-subscription'
import type { ViewName } from './store/navigation-store'
import type { Stores } from './store/stores'
import { createStores, loadEssentials } from './store/stores'
import { StoresProvider } from './store/stores-context'

export interface MountOptions {
  api: EngineApi
  connection: ConnectionSource
  scheduler: FrameScheduler
  notifier?: DesktopNotifier | null
  view?: ViewName
}

/**
 * Builds one app instance — stores, the event subscription, the connection mirror — and
 * renders it into `element`. Returns the stores and a function that tears it all down.
 */
export function mountApp(
  element: HTMLElement,
  options: MountOptions,
): { stores: Stores; unmount: () => void } {
  const stores = createStores(options.api, {
    connection: options.connection.getConnectionState(),
    ...(options.view ? { view: options.view } : {}),
  })
  const notifier = options.notifier ?? null
  const stopEvents = subscribeStoresToEvents(
    options.api,
    stores,
    options.scheduler,
    notifier ? [(batch) => notifier.handle(batch)] : [],
  )
  const stopConnection = options.connection.onConnectionChange((state) => {
    const wasReconnecting = stores.connection.getState().connection.status === 'reconnecting'
    stores.connection.getState().setConnection(state)
    if (wasReconnecting && state.status === 'connected') void loadEssentials(stores)
  })
  void loadEssentials(stores)
  const root = createRoot(element)
  root.render(
    <StrictMode>
      <StoresProvider stores={stores} notifier={notifier}>
        <App />
      </StoresProvider>
    </StrictMode>,
  )
  return {
    stores,
    unmount() {
      root.unmount()
      stopConnection()
      stopEvents()
    },
  }
}
