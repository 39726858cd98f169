import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { ClosePreview, EngineEvent, Position } from '../../../src-shared/contract'
import type { CommandInput } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadEntryInto, loadInto, notLoaded, withEntry } from './loadable'

/** How many closed positions the store keeps. */
export const MAX_CLOSED_POSITIONS = 200

export type PositionChange = Omit<CommandInput<'positions:modify'>, 'id'>

export interface PositionsState {
  open: Loadable<Position[]>
  closed: Loadable<Position[]>
  previews: Record<string, Loadable<ClosePreview>>
  /** Per position: the action in flight. */
  pending: Record<string, 'close' | 'modify'>
  /** Per position: the last refused action. */
  errors: Record<string, ContractError>
  load(): Promise<void>
  loadClosed(limit?: number): Promise<void>
  loadPreview(id: string): Promise<void>
  close(id: string): Promise<ActionOutcome>
  modify(id: string, change: PositionChange): Promise<ActionOutcome>
  clearError(id: string): void
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type PositionsStore = StoreApi<PositionsState>

/** Returns the store for open and closed positions and their close/modify actions. */
export function createPositionsStore(api: EngineApi): PositionsStore {
  const initial = {
    open: notLoaded<Position[]>(),
    closed: notLoaded<Position[]>(),
    previews: {},
    pending: {},
    errors: {},
  }
  const store: PositionsStore = createStore<PositionsState>()((set, get) => {
    async function act(
      id: string,
      kind: 'close' | 'modify',
      command: () => Promise<Position>,
    ): Promise<ActionOutcome> {
      set({
        pending: withEntry(get().pending, id, kind),
        errors: withEntry(get().errors, id, undefined),
      })
      const outcome = await attempt(async () => applyPositions([await command()]))
      set({
        pending: withEntry(get().pending, id, undefined),
        errors: withEntry(get().errors, id, outcome.ok ? undefined : outcome.error),
      })
      return outcome
    }

    /** Folds position updates into the open and closed lists (latest wins). */
    function applyPositions(positions: readonly Position[]): void {
      if (positions.length === 0) return
      const latest = new Map<string, Position>()
      for (const position of positions) latest.set(position.id, position)
      const state = get()
      const patch: Partial<PositionsState> = {}
      if (state.open.data) {
        const kept = state.open.data
          .map((position) => latest.get(position.id) ?? position)
          .filter((position) => position.status === 'open')
        const known = new Set(state.open.data.map((position) => position.id))
        const added = [...latest.values()].filter(
          (position) => position.status === 'open' && !known.has(position.id),
        )
        patch.open = { ...state.open, data: [...kept, ...added] }
      }
      const closedNow = [...latest.values()].filter((position) => position.status === 'closed')
      if (closedNow.length > 0 && state.closed.data) {
        const ids = new Set(closedNow.map((position) => position.id))
        patch.closed = {
          ...state.closed,
          data: [
            ...closedNow,
            ...state.closed.data.filter((position) => !ids.has(position.id)),
          ].slice(0, MAX_CLOSED_POSITIONS),
        }
      }
      set(patch)
    }

    return {
      ...initial,
      load: () => loadInto(store, 'open', () => api.invoke('positions:list', { status: 'open' })),
      loadClosed: (limit = 100) =>
        loadInto(store, 'closed', () => api.invoke('positions:list', { status: 'closed', limit })),
      loadPreview: (id) =>
        loadEntryInto(store, 'previews', id, () => api.invoke('positions:closePreview', { id })),
      close: (id) =>
        act(id, 'close', () => api.invoke('positions:close', { id, reason: 'manual' })),
      modify: (id, change) =>
        act(id, 'modify', () => api.invoke('positions:modify', { id, ...change })),
      clearError: (id) => set({ errors: withEntry(get().errors, id, undefined) }),
      applyEvents(batch) {
        const positions: Position[] = []
        for (const event of batch) {
          if (event.type === 'position.updated' || event.type === 'position.closed') {
            positions.push(event.position)
          }
        }
        applyPositions(positions)
      },
      reset: () => set(initial),
    }
  })
  return store
}
