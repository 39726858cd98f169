import type { HealthSource, LlmProviderReading } from '../coordinator'
import type { LlmRouter } from '../llm'

/**
 * Tells the coordinator how the LLM providers are (see {@link llmProviderHealth}); the router
 * restores saved health, so what calls showed before a restart counts. A provider whose
 * unhealthy spell merely expired stays down until a call succeeds again, so the degradation
 * level does not flap. The rules provider is not an LLM: when every real provider is down
 * the coordinator goes to EMERGENCY and the router answers from the rules.
 */
export function llmHealthSource(router: LlmRouter): HealthSource {
  return { llmProviders: () => llmProviderHealth(router) }
}

/**
 * Each real LLM provider in use, judged by its models that have been asked (before a restart
 * included): healthy when one of them answered its last call, down when none did. A provider
 * none of whose models has been asked is not known: neither healthy nor down (the coordinator
 * neither falls back nor recovers on it), unless it cannot be called: a provider with its key
 * whose SDK fails to load is down from the start (the router marks its models unhealthy as
 * soon as the preload fails, and `sdk_load_failed` calls count against health). A provider
 * without its API key is not in use (the router never asks it), so it is left out rather than
 * counted as down: an install on local Ollama alone stays NORMAL.
 */
export function llmProviderHealth(router: LlmRouter): LlmProviderReading[] {
  const { models, providers } = router.health()
  return providers
    .filter((provider) => provider.provider !== 'rules' && provider.status !== 'unavailable')
    .map((provider) => {
      const own = models.filter((model) => model.provider === provider.provider)
      // A model never asked says nothing: counted as healthy, it would hide an outage of its
      // siblings in use (claude_opus, asked rarely, beside a failing claude_sonnet).
      const asked = own.filter((model) => model.hasCallHistory)
      if (asked.length === 0) {
        // Before any call, a model is unhealthy only when its provider's SDK fails to load.
        const isSdkBroken = own.every((model) => model.status === 'unhealthy')
        return { name: provider.provider, isHealthy: !isSdkBroken, isKnown: isSdkBroken }
      }
      return {
        name: provider.provider,
        // Not degraded either: a model whose last call failed.
        isHealthy: asked.some((model) => model.status === 'healthy'),
        isKnown: true,
      }
    })
}
