import { createContext, useContext } from 'react'
import type { ReactNode } from 'react'
import type { DesktopNotifier } from '../notifications/desktop-notifier'
import type { Stores } from './stores'

interface AppContextValue {
  stores: Stores
  notifier: DesktopNotifier | null
}

const AppContext = createContext<AppContextValue | null>(null)

/** Makes one app instance's stores available to the component tree. */
export function StoresProvider(props: {
  stores: Stores
  notifier?: DesktopNotifier | null
  children: ReactNode
}) {
  return (
    <AppContext.Provider value={{ stores: props.stores, notifier: props.notifier ?? null }}>
      {props.children}
    </AppContext.Provider>
  )
}

/** Returns the stores of the app instance this component belongs to. */
export function useStores(): Stores {
  const value = useContext(AppContext)
  if (!value) throw new Error('useStores must be used inside <StoresProvider>')
  return value.stores
}

/** Returns the desktop notifier, or null when the host has none. */
export function useNotifier(): DesktopNotifier | null {
  return useContext(AppContext)?.notifier ?? null
}
