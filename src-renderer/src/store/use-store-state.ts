import { useMemo } from 'react'
import { useStore } from 'zustand'
import type { StoreApi } from 'zustand/vanilla'
import { useStores } from './stores-context'
import type { Stores } from './stores'

/** The state type of each domain store. */
export type StoreStates = {
  [Name in keyof Stores]: Stores[Name] extends StoreApi<infer State> ? State : never
}

/**
 * Returns a slice of one domain store and re-renders when it changes. Select small values
 * or stable references (a selector that builds a new object each call re-renders forever).
 */
export function useStoreState<Name extends keyof Stores, Selected>(
  name: Name,
  selector: (state: StoreStates[Name]) => Selected,
): Selected {
  const store = useStores()[name] as unknown as StoreApi<StoreStates[Name]>
  return useStore<StoreApi<StoreStates[Name]>, Selected>(store, selector)
}

/** The function-valued members (actions) of a store's state. */
export type ActionsOf<State> = {
  [Key in keyof State as State[Key] extends (...args: never[]) => unknown ? Key : never]: State[Key]
}

/**
 * Returns one domain store's actions. The object is stable for the store's lifetime (zustand
 * keeps action functions across updates), so it is safe in effect dependencies and reading
 * it never re-renders.
 */
export function useActions<Name extends keyof Stores>(name: Name): ActionsOf<StoreStates[Name]> {
  const store = useStores()[name]
  return useMemo(() => store.getState() as unknown as ActionsOf<StoreStates[Name]>, [store])
}
