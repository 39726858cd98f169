import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type { EngineEvent, RiskStatus } from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import type { ActionOutcome, Loadable } from './loadable'
import { attempt, loaded, loadInto, notLoaded } from './loadable'
import { PushGuard } from './push-guard'

/** A risk alert as pushed by the engine. */
export type RiskAlert = Extract<EngineEvent, { type: 'risk.alert' }>

/** How many alerts the store keeps. */
export const MAX_ALERTS = 100

export interface RiskState {
  status: Loadable<RiskStatus>
  alerts: RiskAlert[]
  resetting: string | null
  resetError: { breaker: string; error: ContractError } | null
  load(): Promise<void>
  resetBreaker(name: string): Promise<ActionOutcome>
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type RiskStore = StoreApi<RiskState>

/** Returns the store for circuit breakers, risk state and risk alerts. */
export function createRiskStore(api: EngineApi): RiskStore {
  const initial = {
    status: notLoaded<RiskStatus>(),
    alerts: [],
    resetting: null,
    resetError: null,
  }
  const pushes = new PushGuard()
  const store: RiskStore = createStore<RiskState>()((set, get) => ({
    ...initial,
    load: () =>
      loadInto(
        store,
        'status',
        pushes.guard(
          () => api.invoke('risk:status'),
          () => get().status.data,
        ),
      ),
    async resetBreaker(name) {
      set({ resetting: name, resetError: null })
      const outcome = await attempt(async () => {
        const status = await api.invoke('risk:resetBreaker', { name })
        set({ status: { data: status, isLoading: false, error: null } })
      })
      set({
        resetting: null,
        resetError: outcome.ok ? null : { breaker: name, error: outcome.error },
      })
      return outcome
    },
    applyEvents(batch) {
      // The whole status comes with each change of what blocks entries: the latest one wins.
      const pushed = batch.findLast((event) => event.type === 'risk.status')
      if (pushed !== undefined) {
        pushes.onPush()
        set({ status: loaded(pushed.status) })
      }
      const alerts = batch.filter((event): event is RiskAlert => event.type === 'risk.alert')
      if (alerts.length === 0) return
      set({ alerts: [...alerts.reverse(), ...get().alerts].slice(0, MAX_ALERTS) })
      // An alert usually means a breaker or limit changed: refresh the authoritative state.
      void get().load()
    },
    reset: () => set(initial),
  }))
  return store
}
