import { z } from 'zod'
import { ModelNotAskedError, type ConflictModel, type ConflictModels } from '../coordinator'
import type { AgentsConfig } from '../config/schemas/agents'
import { wasAsked, type LlmRouter } from '../llm'

/**
 * The coordinator's conflict models, asked through the LLM router (so calls are accounted,
 * recorded and health-tracked). The coordinator parses the answer itself, so any JSON passes.
 */
export function routerConflictModels(
  router: LlmRouter,
  agents: AgentsConfig,
): ConflictModels | null {
  const route = agents.agents.coordinator
  if (!route.enabled) return null
  const model = (key: string): ConflictModel => ({
    name: key,
    async complete(prompt, options) {
      const outcome = await router.ask(key, {
        agent: 'coordinator',
        schema: z.unknown(),
        schemaName: 'conflict_resolution',
        // The rules model (offline fallback, EMERGENCY, rules-only replays) answers from this.
        task: { kind: 'coordinator_conflict', conflictTypes: prompt.conflictTypes },
        prompt: () => ({
          system: prompt.system,
          messages: [{ role: 'user', content: prompt.user }],
        }),
        timeoutMs: options.timeoutMs,
        budgetMs: options.timeoutMs,
        signal: options.signal,
      })
      if (!outcome.ok) {
        const message = `model=${key} ${outcome.error.kind}: ${outcome.error.message}`
        // No request sent (no API key, skipped as unhealthy): not a failure to warn about.
        throw wasAsked(outcome) ? new Error(message) : new ModelNotAskedError(message)
      }
      return outcome.text ?? JSON.stringify(outcome.value)
    },
  })
  const [fallback] = route.fallbacks.filter((key) => key !== route.model)
  return { primary: model(route.model), fallback: fallback ? model(fallback) : null }
}
