import Decimal from 'decimal.js'
import type { AgentsConfig } from '../config/schemas/agents'
import type { ModelSpec, TokenUsage } from './llm-types'

const MILLION = new Decimal(1_000_000)
const NO_COST = new Decimal(0)

/** Returns the model catalogue of agents.yaml keyed by catalogue key. */
export function modelCatalog(config: AgentsConfig): ReadonlyMap<string, ModelSpec> {
  const catalog = new Map<string, ModelSpec>()
  for (const [key, model] of Object.entries(config.models)) {
    catalog.set(key, {
      key,
      provider: model.provider,
      id: model.model,
      tier: model.tier,
      contextTokens: model.context_tokens,
      maxOutputTokens: model.max_output_tokens,
      inputPricePerMtok: model.input_price_per_mtok,
      outputPricePerMtok: model.output_price_per_mtok,
    })
  }
  return catalog
}

/** Returns the USD cost of a call from the price table (prices per million tokens). */
export function costUsd(model: ModelSpec, usage: TokenUsage): Decimal {
  // No tokens cost nothing at any price (prices are non-negative); the rules provider
  // answers thousands of times a second in a replay, always with none.
  if (usage.inputTokens === 0 && usage.outputTokens === 0) return NO_COST
  // Prices are config numbers like 0.27; going through their string form keeps them exact.
  const input = new Decimal(String(model.inputPricePerMtok)).times(usage.inputTokens)
  const output = new Decimal(String(model.outputPricePerMtok)).times(usage.outputTokens)
  return input.plus(output).dividedBy(MILLION)
}

/** No tokens. */
export const NO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0 })

/** Adds token counts. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  }
}
