import { act, render } from '@testing-library/react'
import type { ReactElement } from 'react'
import type { ConnectionState } from '../../../src-renderer/src/api/connection'
import type { DesktopNotifier } from '../../../src-renderer/src/notifications/desktop-notifier'
import { subscribeStoresToEvents } from '../../../src-renderer/src/store/event-subscription'
import type { ViewName } from '../../../src-renderer/src/store/navigation-store'
import type { Stores } from '../../../src-renderer/src/store/stores'
import { createStores } from '../../../src-renderer/src/store/stores'
import { StoresProvider } from '../../../src-renderer/src/store/stores-context'
import { InMemoryEngineApi } from './in-memory-engine-api'
import { ManualScheduler } from './manual-scheduler'

/** jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one to mount. */
export function installResizeObserverStub(): void {
  if (typeof globalThis.ResizeObserver !== 'undefined') return
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
}

export interface RenderOptions {
  api?: InMemoryEngineApi
  view?: ViewName
  connection?: ConnectionState
  notifier?: DesktopNotifier | null
}

/**
 * Renders `ui` inside a fresh set of stores wired to an in-memory engine, with pushed
 * events delivered when the test calls `frame()` (one animation frame).
 */
export function renderWithStores(ui: ReactElement, options: RenderOptions = {}) {
  installResizeObserverStub()
  const api = options.api ?? new InMemoryEngineApi()
  const stores: Stores = createStores(api, {
    ...(options.view ? { view: options.view } : {}),
    ...(options.connection ? { connection: options.connection } : {}),
  })
  const scheduler = new ManualScheduler()
  const notifier = options.notifier ?? null
  const unsubscribe = subscribeStoresToEvents(
    api,
    stores,
    scheduler,
    notifier ? [(batch) => notifier.handle(batch)] : [],
  )
  const result = render(
    <StoresProvider stores={stores} notifier={notifier}>
      {ui}
    </StoresProvider>,
  )
  /** Delivers the buffered events, as the next animation frame would. */
  const frame = () => act(() => scheduler.runFrame())
  return { ...result, api, stores, scheduler, frame, unsubscribe }
}
