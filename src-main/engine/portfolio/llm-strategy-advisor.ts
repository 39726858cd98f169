import type { LlmRouter } from '../llm/llm-router'
import { strategyAnswerSchema } from './execution-strategy'
import type { StrategyAdvice, StrategyAdvisor, StrategyPrompt } from './ports'

/**
 * The strategy advisor over the LLM router: the `portfolio_rebalance` route of agents.yaml
 * (DeepSeek by default, then its fallbacks and the offline rules provider, whose answer is
 * the default strategy marked `used_fallback_strategy`). The router validates the answer
 * against the strategy schema (with one repair attempt) and records the call; the validated
 * answer is handed back as JSON text.
 */
export class LlmStrategyAdvisor implements StrategyAdvisor {
  constructor(private readonly router: Pick<LlmRouter, 'complete'>) {}

  async advise(prompt: StrategyPrompt): Promise<StrategyAdvice> {
    const result = await this.router.complete({
      agent: 'portfolio_rebalance',
      correlationId: prompt.correlationId,
      schema: strategyAnswerSchema,
      schemaName: prompt.schemaName,
      prompt: () => ({
        system: prompt.system,
        messages: [{ role: 'user', content: prompt.user }],
      }),
      task: { kind: 'portfolio_strategy' },
      signal: prompt.signal,
    })
    if (!result.ok) return { ok: false, error: `${result.error.kind}: ${result.error.message}` }
    return { ok: true, text: JSON.stringify(result.value), model: result.model.key }
  }
}
