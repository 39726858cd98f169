import type { HealthSource } from '../coordinator'
import { hasCallHistory, type LlmRouter } from '../llm'

/**
 * Tells the coordinator which LLM providers are usable: a provider is healthy when one of its
 * models answered its last call, before a restart included (the router restores saved health),
 * or has not been asked yet, unless the level restored at start was EMERGENCY. A provider whose
 * unhealthy spell merely expired stays unhealthy until a call succeeds again, so the
 * degradation level does not flap. The rules provider is not an LLM: when every real provider
 * is down the coordinator goes to EMERGENCY and the router answers from the rules.
 */
export function llmHealthSource(router: LlmRouter): HealthSource {
  return {
    llmProviders: () => llmProviderHealth(router),
    levelRestored: (level) => {
      // Saved health covers the models that were asked. One without it (a data folder older
      // than saved health, a row that did not validate, a model new to the catalogue) would
      // count as healthy; EMERGENCY is rules only, so no call would say otherwise: the level
      // would recover and fall back at the first call. Such models count as down until one
      // answers (rules-only probes them). At other levels calls go on and tell.
      if (level === 'EMERGENCY') router.markModelsUnconfirmed()
    },
  }
}

/**
 * Each real LLM provider in use and whether one of its models answered its last call (or, of
 * a provider none of whose models has been asked, whether they are not known to be down). A
 * provider without its API key is not in use (the router never asks it), so it is left out
 * rather than counted as down: an install on local Ollama alone stays NORMAL. A provider
 * with its key whose SDK fails to load is in use and cannot answer (the router marks its
 * models unhealthy as soon as the preload fails, and `sdk_load_failed` calls count against
 * health), so it is down.
 */
export function llmProviderHealth(router: LlmRouter): { name: string; isHealthy: boolean }[] {
  const { models, providers } = router.health()
  return providers
    .filter((provider) => provider.provider !== 'rules' && provider.status !== 'unavailable')
    .map((provider) => {
      const own = models.filter((model) => model.provider === provider.provider)
      // A model never asked says nothing: counted as healthy, it would hide an outage of its
      // siblings in use (claude_opus, asked rarely, beside a failing claude_sonnet).
      const asked = own.filter(hasCallHistory)
      return {
        name: provider.provider,
        // Not degraded either: a model whose last call failed, or not known to answer.
        isHealthy: (asked.length > 0 ? asked : own).some((model) => model.status === 'healthy'),
      }
    })
}
