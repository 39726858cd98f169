import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { CloseAmount, ClosePreview, EngineEvent, Position } from '../../../src-shared/contract'
import type { CommandInput } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loadEntryInto, loadInto, notLoaded, withEntry } from './loadable'
import { PushesDuringLoad } from './pushes-during-load'

/** How many closed positions the store keeps. */
export const MAX_CLOSED_POSITIONS = 200

export type PositionChange = Omit<CommandInput<'positions:modify'>, 'id'>

/**
 * Returns the key of a close preview in `previews`: the position id for a full close, with
 * the amount for a part, so an answer for one amount is never shown for another.
 */
export function closePreviewKey(id: string, amount: CloseAmount = {}): string {
  if (amount.size !== undefined) return `${id} size=${amount.size}`
  if (amount.sizePct !== undefined) return `${id} sizePct=${amount.sizePct}`
  return id
}

/** Returns only the amount fields that are set (none for a full close). */
function amountFields(amount: CloseAmount): CloseAmount {
  if (amount.size !== undefined) return { size: amount.size }
  if (amount.sizePct !== undefined) return { sizePct: amount.sizePct }
  return {}
}

export interface PositionsState {
  open: Loadable<Position[]>
  closed: Loadable<Position[]>
  /** Close previews by {@link closePreviewKey}. */
  previews: Record<string, Loadable<ClosePreview>>
  /** Per position: the action in flight. */
  pending: Record<string, 'close' | 'modify'>
  /** Per position: the last refused action. */
  errors: Record<string, ContractError>
  load(): Promise<void>
  loadClosed(limit?: number): Promise<void>
  /** Loads the estimate of closing all of a position, or the part `amount` asks for. */
  loadPreview(id: string, amount?: CloseAmount): Promise<void>
  /** Closes all of a position, or the part `amount` asks for (the row keeps what remains). */
  close(id: string, amount?: CloseAmount): Promise<ActionOutcome>
  /**
   * Books a close made outside the app at `exitPrice`: the position closes in the books, its
   * protective orders are cancelled, nothing is sold.
   */
  recordClose(id: string, exitPrice: string): Promise<ActionOutcome>
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
  // Positions seen closed: a list answered from before the close must not show them open.
  const closedIds = new Set<string>()
  const pushedWhileLoading = new PushesDuringLoad<Position>()
  const store: PositionsStore = createStore<PositionsState>()((set, get) => {
    /** Loads one list without showing a position it missed or that closed since open. */
    const loadList = (key: 'open' | 'closed', input: CommandInput<'positions:list'>) =>
      pushedWhileLoading.around(
        () =>
          loadInto(store, key, async () =>
            (await api.invoke('positions:list', input)).filter(
              (position) => position.status === 'closed' || !closedIds.has(position.id),
            ),
          ),
        applyPositions,
      )

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
      const latest = new Map<string, Position>()
      for (const position of positions) {
        if (position.status === 'closed') closedIds.add(position.id)
        // News of a position being open that was sent before its close arrived after it.
        else if (closedIds.has(position.id)) continue
        latest.set(position.id, position)
        pushedWhileLoading.note(position)
      }
      if (latest.size === 0) return
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

    /** Sends `positions:close`; the row takes the position as the engine returns it. */
    const closeWith = (input: CommandInput<'positions:close'>) =>
      act(input.id, 'close', async () => {
        const {
          closedSize: _closed,
          remainingSize: _remaining,
          ...position
        } = await api.invoke('positions:close', input)
        return position
      })

    return {
      ...initial,
      load: () => loadList('open', { status: 'open' }),
      loadClosed: (limit = 100) => loadList('closed', { status: 'closed', limit }),
      loadPreview: (id, amount = {}) =>
        loadEntryInto(store, 'previews', closePreviewKey(id, amount), () =>
          api.invoke('positions:closePreview', { id, ...amountFields(amount) }),
        ),
      close: (id, amount = {}) => closeWith({ id, reason: 'manual', ...amountFields(amount) }),
      recordClose: (id, exitPrice) => closeWith({ id, exitPrice, reason: 'closed_elsewhere' }),
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
      reset: () => {
        closedIds.clear()
        pushedWhileLoading.clear()
        set(initial)
      },
    }
  })
  return store
}
