import { createStore } from 'zustand/vanilla'
import type { StoreApi } from 'zustand/vanilla'
import type {
  CoordinatorStatus,
  EngineEvent,
  KillSwitchResult,
  TaskStatus,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import type { ContractError } from '../../../src-shared/result'
import { describeError } from '../api/engine-error'
import type { ActionOutcome, Loadable } from './loadable'
import { loadInto, notLoaded } from './loadable'
import { PushGuard } from './push-guard'

export type TaskVerb = 'run' | 'enable' | 'disable'

export type SymbolVerb = 'pause' | 'resume'

/** The action in flight, so its button can show progress and others can wait. */
export type CoordinatorAction =
  'pause' | 'resume' | 'killSwitch' | `${TaskVerb}:${string}` | `${SymbolVerb}Symbol:${string}`

export interface CoordinatorState {
  status: Loadable<CoordinatorStatus>
  pending: CoordinatorAction | null
  /** The last refused action and why. */
  actionError: { action: CoordinatorAction; error: ContractError } | null
  lastKillSwitch: KillSwitchResult | null
  load(): Promise<void>
  pause(): Promise<ActionOutcome>
  resume(): Promise<ActionOutcome>
  killSwitch(closePositions: boolean): Promise<ActionOutcome>
  taskAction(name: string, verb: TaskVerb): Promise<ActionOutcome>
  /** Pauses or resumes trading in one symbol (`BTC/USDT`). */
  symbolAction(symbol: string, verb: SymbolVerb): Promise<ActionOutcome>
  clearActionError(): void
  applyEvents(batch: readonly EngineEvent[]): void
  reset(): void
}

export type CoordinatorStore = StoreApi<CoordinatorState>

const SYMBOL_COMMANDS = {
  pause: 'coordinator:pauseSymbol',
  resume: 'coordinator:resumeSymbol',
} as const

const TASK_COMMANDS = {
  run: 'coordinator:runTask',
  enable: 'coordinator:enableTask',
  disable: 'coordinator:disableTask',
} as const

/** Returns the store for coordinator state, tasks and the trading controls. */
export function createCoordinatorStore(api: EngineApi): CoordinatorStore {
  const initial = {
    status: notLoaded<CoordinatorStatus>(),
    pending: null,
    actionError: null,
    lastKillSwitch: null,
  }
  const pushes = new PushGuard()
  const store: CoordinatorStore = createStore<CoordinatorState>()((set, get) => {
    /** Runs an action that answers with a status or a task, keeping the status current. */
    async function run<T>(
      action: CoordinatorAction,
      command: () => Promise<T>,
      apply: (value: T) => void,
    ): Promise<ActionOutcome> {
      set({ pending: action, actionError: null })
      try {
        const value = await command()
        apply(value)
        set({ pending: null })
        return { ok: true }
      } catch (error) {
        const described = describeError(error)
        set({ pending: null, actionError: { action, error: described } })
        return { ok: false, error: described }
      }
    }
    const setStatus = (status: CoordinatorStatus) =>
      set({ status: { data: status, isLoading: false, error: null } })

    return {
      ...initial,
      load: () =>
        // A status pushed while the request was out wins; its statistics wait for the next poll.
        loadInto(
          store,
          'status',
          pushes.guard(
            () => api.invoke('coordinator:status'),
            () => get().status.data,
          ),
        ),
      pause: () => run('pause', () => api.invoke('coordinator:pause'), setStatus),
      resume: () => run('resume', () => api.invoke('coordinator:resume'), setStatus),
      killSwitch: (closePositions) =>
        run(
          'killSwitch',
          () => api.invoke('coordinator:killSwitch', { closePositions }),
          (result) => {
            set({ lastKillSwitch: result })
            void get().load()
          },
        ),
      taskAction: (name, verb) =>
        run(
          `${verb}:${name}`,
          () => api.invoke(TASK_COMMANDS[verb], { name }),
          (task) => {
            const current = get().status.data
            if (current) setStatus({ ...current, tasks: replaceTask(current.tasks, task) })
          },
        ),
      symbolAction: (symbol, verb) =>
        run(
          `${verb}Symbol:${symbol}`,
          () => api.invoke(SYMBOL_COMMANDS[verb], { symbol }),
          setStatus,
        ),
      clearActionError: () => set({ actionError: null }),
      applyEvents(batch) {
        let latest: CoordinatorStatus | null = get().status.data
        let hasChanged = false
        for (const event of batch) {
          if (event.type === 'coordinator.state') {
            latest = event.status
            hasChanged = true
            pushes.onPush()
          }
          // A task's own update carries its status: no request needed, however fast a replay runs.
          if (event.type === 'task.updated' && latest) {
            latest = { ...latest, tasks: replaceTask(latest.tasks, event.task) }
            hasChanged = true
          }
        }
        if (hasChanged && latest) setStatus(latest)
      },
      reset: () => set(initial),
    }
  })
  return store
}

function replaceTask(tasks: readonly TaskStatus[], task: TaskStatus): TaskStatus[] {
  const index = tasks.findIndex((candidate) => candidate.name === task.name)
  if (index === -1) return [...tasks, task]
  return tasks.map((candidate, position) => (position === index ? task : candidate))
}
