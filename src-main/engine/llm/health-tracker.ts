import type { Clock } from '../clock'
import { countsAgainstHealth, type LlmError } from './llm-error'
import type { ModelSpec, ProviderName } from './llm-types'

/**
 * healthy: last call succeeded (or none made: see {@link ModelHealth.hasCallHistory});
 * degraded: failing but below the threshold, or probing again after an unhealthy spell;
 * unhealthy: skipped until the spell ends, or its provider's SDK fails to load (until it
 * loads); unavailable: the provider has no API key.
 */
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unavailable'

/** The health of one catalogue model. */
export interface ModelHealth {
  readonly model: string
  readonly provider: ProviderName
  readonly modelId: string
  readonly status: HealthStatus
  readonly consecutiveFailures: number
  readonly unhealthyUntilMs: number | null
  readonly lastError: LlmError | null
  readonly lastSuccessMs: number | null
  /**
   * Whether a call has told anything of the model: it failed, or it answered (saved before a
   * restart, or since start). Without, a healthy status only means nothing says otherwise.
   */
  readonly hasCallHistory: boolean
}

/** The health of a provider: the best status among its models. */
export interface ProviderHealth {
  readonly provider: ProviderName
  readonly status: HealthStatus
}

/**
 * What a model's calls have shown: the part of its health that is saved and restored. Whether
 * its provider has a key and loads its SDK is not: every start asks again.
 */
export interface CallHealth {
  readonly consecutiveFailures: number
  readonly unhealthyUntilMs: number | null
  readonly lastError: LlmError | null
  readonly lastSuccessMs: number | null
}

export interface HealthTrackerOptions {
  readonly clock: Clock
  /** Consecutive failures that mark a model unhealthy. */
  readonly failuresBeforeUnhealthy: number
  /** How long an unhealthy model is skipped, in ms of the clock. */
  readonly unhealthyMs: number
  /** Told after a call changed a model's {@link CallHealth} (so that it can be saved). */
  readonly onCallHealthChange?: (model: ModelSpec, health: CallHealth) => void
}

interface State {
  consecutiveFailures: number
  unhealthyUntilMs: number | null
  lastError: LlmError | null
  lastSuccessMs: number | null
  isUnavailable: boolean
  /** Why the provider's SDK does not load, while it does not; every call fails so. */
  loadError: LlmError | null
}

const RANK: Readonly<Record<HealthStatus, number>> = {
  healthy: 0,
  degraded: 1,
  unhealthy: 2,
  unavailable: 3,
}

/**
 * Counts failures per model, a circuit breaker in the small: after N consecutive provider
 * failures the model is skipped for a while, then one call probes it; a failed probe skips
 * it again at once, a success closes the circuit. What the calls showed ({@link CallHealth})
 * is reported on each change and restored at start, so a restart does not close the circuit.
 */
export class HealthTracker {
  private readonly states = new Map<string, State>()

  constructor(private readonly options: HealthTrackerOptions) {}

  /** Returns false while the model is in an unhealthy spell. */
  isUsable(modelKey: string): boolean {
    const until = this.states.get(modelKey)?.unhealthyUntilMs
    return until === null || until === undefined || this.options.clock.now() >= until
  }

  /**
   * Whether asking the model is a probe worth making: it is not known to answer (its last call
   * failed, or no call has told anything of it), it is not in an unhealthy spell (or the spell
   * has ended) and it can be asked (credentials checked, SDK loaded).
   */
  isProbeDue(modelKey: string): boolean {
    const state = this.states.get(modelKey)
    if (!state || state.isUnavailable || state.loadError !== null) return false
    const isKnownToAnswer = hasCallHistory(state) && state.consecutiveFailures === 0
    return !isKnownToAnswer && this.isUsable(modelKey)
  }

  recordSuccess(model: ModelSpec): void {
    const state = this.state(model.key)
    state.consecutiveFailures = 0
    state.unhealthyUntilMs = null
    state.lastError = null
    state.isUnavailable = false
    state.loadError = null
    state.lastSuccessMs = this.options.clock.now()
    this.options.onCallHealthChange?.(model, callHealthOf(state))
  }

  recordFailure(model: ModelSpec, error: LlmError): void {
    const state = this.state(model.key)
    if (error.kind === 'unavailable') {
      state.isUnavailable = true
      state.lastError = error
      return
    }
    // Any other answer came from a loaded SDK.
    state.loadError = error.kind === 'sdk_load_failed' ? error : null
    if (!countsAgainstHealth(error)) return
    state.isUnavailable = false
    state.lastError = error
    state.consecutiveFailures += 1
    if (state.consecutiveFailures >= this.options.failuresBeforeUnhealthy) {
      state.unhealthyUntilMs = this.options.clock.now() + this.options.unhealthyMs
    }
    this.options.onCallHealthChange?.(model, callHealthOf(state))
  }

  /** Returns what the model's calls have shown (restored or since start). */
  callHealth(modelKey: string): CallHealth {
    const state = this.states.get(modelKey)
    return state ? callHealthOf(state) : callHealthOf(freshState())
  }

  /**
   * Applies a model's saved call health (at start, before any call): a model that was failing
   * is degraded, or skipped until its saved spell ends, as if there had been no restart. A
   * saved spell lasts no longer than a spell starting now would: `unhealthy_seconds` may have
   * been lowered while the app was closed.
   */
  restore(modelKey: string, health: CallHealth): void {
    const state = this.state(modelKey)
    const longestSpellEnd = this.options.clock.now() + this.options.unhealthyMs
    state.consecutiveFailures = health.consecutiveFailures
    state.unhealthyUntilMs =
      health.unhealthyUntilMs === null ? null : Math.min(health.unhealthyUntilMs, longestSpellEnd)
    state.lastError = health.lastError
    state.lastSuccessMs = health.lastSuccessMs
  }

  /** Whether the model's provider is known to have no credentials (no request can be sent). */
  isUnavailable(modelKey: string): boolean {
    return this.states.get(modelKey)?.isUnavailable ?? false
  }

  /** Marks whether the model's provider has credentials, without counting a failure. */
  setAvailable(model: ModelSpec, isAvailable: boolean): void {
    this.state(model.key).isUnavailable = !isAvailable
  }

  /**
   * Records whether the model's provider could load its SDK (null: it could, or it has no
   * key to load it for). A failed load marks the model unhealthy at once, with the load's
   * error as its last error, without counting a failed call.
   */
  setLoadError(model: ModelSpec, error: LlmError | null): void {
    const state = this.state(model.key)
    // An SDK that loads again leaves no error behind, unless a call has failed since.
    const isLastErrorTheLoad = state.lastError === state.loadError
    if (error) state.lastError = error
    else if (isLastErrorTheLoad && state.consecutiveFailures === 0) state.lastError = null
    state.loadError = error
  }

  /** Returns the health of each given model. */
  models(models: Iterable<ModelSpec>): ModelHealth[] {
    return [...models].map((model) => {
      const state = this.states.get(model.key)
      return {
        model: model.key,
        provider: model.provider,
        modelId: model.id,
        status: state ? this.status(state) : 'healthy',
        consecutiveFailures: state?.consecutiveFailures ?? 0,
        unhealthyUntilMs: state?.unhealthyUntilMs ?? null,
        lastError: state?.lastError ?? null,
        lastSuccessMs: state?.lastSuccessMs ?? null,
        hasCallHistory: state ? hasCallHistory(state) : false,
      }
    })
  }

  private status(state: State): HealthStatus {
    if (state.isUnavailable) return 'unavailable'
    if (state.loadError) return 'unhealthy'
    if (state.unhealthyUntilMs !== null && this.options.clock.now() < state.unhealthyUntilMs) {
      return 'unhealthy'
    }
    return state.consecutiveFailures > 0 ? 'degraded' : 'healthy'
  }

  private state(key: string): State {
    let state = this.states.get(key)
    if (!state) {
      state = freshState()
      this.states.set(key, state)
    }
    return state
  }
}

/** Whether a call to the model has told anything: it failed, or it answered (saved or since start). */
function hasCallHistory(health: CallHealth): boolean {
  return health.consecutiveFailures > 0 || health.lastSuccessMs !== null
}

function freshState(): State {
  return {
    consecutiveFailures: 0,
    unhealthyUntilMs: null,
    lastError: null,
    lastSuccessMs: null,
    isUnavailable: false,
    loadError: null,
  }
}

function callHealthOf(state: State): CallHealth {
  return {
    consecutiveFailures: state.consecutiveFailures,
    unhealthyUntilMs: state.unhealthyUntilMs,
    lastError: state.lastError,
    lastSuccessMs: state.lastSuccessMs,
  }
}

/** Returns each provider's best status among its models' health (from `HealthTracker.models`). */
export function providerHealthOf(models: readonly ModelHealth[]): ProviderHealth[] {
  const best = new Map<ProviderName, HealthStatus>()
  for (const health of models) {
    const current = best.get(health.provider)
    if (current === undefined || RANK[health.status] < RANK[current]) {
      best.set(health.provider, health.status)
    }
  }
  return [...best].map(([provider, status]) => ({ provider, status }))
}
