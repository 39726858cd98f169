import { z } from 'zod'
import { flag, fraction, nonNegativeNumber, positiveInteger, text } from '../schema-helpers'

export const PROVIDER_NAMES = ['ollama', 'openai', 'anthropic', 'deepseek', 'xai', 'rules'] as const

const provider = z.strictObject({
  base_url: text(),
  /** Name of the environment variable holding the key; local providers have none. */
  api_key_env: z.string().nullish().default(null),
})

const model = z.strictObject({
  provider: z.enum(PROVIDER_NAMES, { error: `expected one of ${PROVIDER_NAMES.join(', ')}` }),
  /** The provider's model id; every model id of the app lives in this file. */
  model: text(),
  tier: z.enum(['local', 'api'], { error: 'expected local or api' }),
  context_tokens: positiveInteger(),
  max_output_tokens: positiveInteger(),
  /** USD per million tokens. */
  input_price_per_mtok: nonNegativeNumber(),
  output_price_per_mtok: nonNegativeNumber(),
})

const agentRoute = z.strictObject({
  enabled: flag(),
  /** Key of `models`, tried first. */
  model: text(),
  /** Keys of `models` tried in order when the one before fails. */
  fallbacks: z.array(text()),
  timeout_ms: positiveInteger(),
  temperature: nonNegativeNumber(),
})

/** config/agents.yaml: LLM providers, the model catalogue with prices, and per-agent routing. */
export const agentsFileSchema = z
  .strictObject({
    providers: z.strictObject({
      ollama: provider,
      openai: provider,
      anthropic: provider,
      deepseek: provider,
      xai: provider,
    }),
    models: z.record(text(), model),
    agents: z.strictObject({
      technical_analysis: agentRoute,
      regime_detection: agentRoute,
      sentiment: agentRoute,
      coordinator: agentRoute,
      portfolio_rebalance: agentRoute,
      trading_decision: z.strictObject({
        enabled: flag(),
        /** Every model asked in parallel for the A/B comparison. */
        models: z.array(text()).min(1, { error: 'expected at least one model' }),
        deadline_ms: positiveInteger(),
        temperature: nonNegativeNumber(),
        /** Share of valid votes an action needs to become the consensus. */
        min_agreement: fraction(),
        /**
         * A model asked alongside the others and recorded in the A/B comparison but kept out
         * of the consensus (the rules provider); it decides alone when no other model answers.
         */
        baseline_model: text().nullish().default(null),
      }),
    }),
    llm: z.strictObject({
      /** off: live calls; record: live calls saved; replay: answers from the recording. */
      record_replay: z.enum(['off', 'record', 'replay'], {
        error: 'expected off, record or replay',
      }),
      recording_file: text(),
      token_safety_margin: fraction(),
      failures_before_unhealthy: positiveInteger(),
      unhealthy_seconds: positiveInteger(),
      max_retries: z.number().int().min(0, { error: 'expected an integer >= 0' }),
      /** Model tried after every route's own chain fails, and the only one in rules-only mode. */
      offline_fallback: text().nullish().default(null),
    }),
  })
  .superRefine((file, context) => {
    // Routes are checked with the other cross-key problems in config-warnings; these two are ours.
    const named = [
      {
        path: ['agents', 'trading_decision', 'baseline_model'],
        key: file.agents.trading_decision.baseline_model,
      },
      { path: ['llm', 'offline_fallback'], key: file.llm.offline_fallback },
    ]
    for (const { path, key } of named) {
      if (key && !(key in file.models)) {
        context.addIssue({
          code: 'custom',
          path,
          message: `expected a model defined under models, got "${key}"`,
        })
      }
    }
  })

export type AgentsConfig = z.infer<typeof agentsFileSchema>
