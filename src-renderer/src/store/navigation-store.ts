import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'

export const VIEWS = [
  'overview',
  'market',
  'positions',
  'orders',
  'decisions',
  'models',
  'coordinator',
  'settings',
] as const

export type ViewName = (typeof VIEWS)[number]

export interface NavigationState {
  view: ViewName
  go(view: ViewName): void
  reset(): void
}

export type NavigationStore = StoreApi<NavigationState>

/** Returns the store holding which view is shown. */
export function createNavigationStore(view: ViewName = 'overview'): NavigationStore {
  return createStore<NavigationState>()((set) => ({
    view,
    go: (next) => set({ view: next }),
    reset: () => set({ view }),
  }))
}
