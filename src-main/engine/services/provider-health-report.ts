import type { CommandOutput } from '../../../src-shared/contract'
import type { LlmError, LlmErrorKind, ModelHealth, ProviderHealth } from '../llm'

type ProviderHealthDto = CommandOutput<'models:health'>[number]

/** What a provider's failed call says about it, in words. */
const FAILURE_CAUSES: Readonly<Record<LlmErrorKind, string>> = {
  timeout: 'timed out',
  rate_limited: 'rate limited',
  overloaded: 'overloaded',
  server: 'server error',
  auth: 'the API key was refused',
  not_found: 'the model was not found',
  bad_request: 'the request was refused',
  network: 'not reachable',
  aborted: 'the call was aborted',
  unavailable: 'no API key configured',
  sdk_load_failed: 'its SDK could not be loaded',
  unhealthy: 'skipped after repeated failures',
  invalid_output: 'the answer did not fit the schema',
  replay_miss: 'no recorded answer',
  no_model: 'no model to ask',
}

/**
 * Returns each provider's availability and health for `models:health`, with the reason in
 * words when it is not plainly healthy: no API key, an SDK that could not be loaded (from
 * the start), or the cause of its failing calls (an Ollama that does not answer) with the
 * error's message.
 */
export function providerHealthReport(health: {
  readonly models: readonly ModelHealth[]
  readonly providers: readonly ProviderHealth[]
}): ProviderHealthDto[] {
  return health.providers.map((provider) => ({
    provider: provider.provider,
    isAvailable: provider.status !== 'unavailable',
    // Degraded is still asked: failing below the threshold, or probing after a spell.
    isHealthy: provider.status === 'healthy' || provider.status === 'degraded',
    reason: reasonFor(provider, health.models),
  }))
}

function reasonFor(provider: ProviderHealth, models: readonly ModelHealth[]): string | null {
  switch (provider.status) {
    case 'healthy':
      return null
    // The router marks only a missing key so; a provider that fails to answer or to load
    // its SDK is degraded or unhealthy instead.
    case 'unavailable':
      return 'no API key configured'
    case 'degraded':
      return withCause('last call failed', lastError(provider, models))
    case 'unhealthy': {
      const error = lastError(provider, models)
      // Known from the start (the router preloads the SDK), before any call was made.
      if (error?.kind === 'sdk_load_failed') return withCause('cannot be called', error)
      return withCause('skipped after repeated failures', error)
    }
  }
}

/** Returns the last error of the provider's model that gives the provider its status. */
function lastError(provider: ProviderHealth, models: readonly ModelHealth[]): LlmError | null {
  const model = models.find(
    (each) =>
      each.provider === provider.provider &&
      each.status === provider.status &&
      each.lastError !== null,
  )
  return model?.lastError ?? null
}

function withCause(state: string, error: LlmError | null): string {
  if (error === null) return state
  return `${state}: ${FAILURE_CAUSES[error.kind]} (${error.message})`
}
