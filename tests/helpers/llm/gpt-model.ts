import type { ModelSpec } from '../../../src-main/engine/llm/llm-types'

/** An OpenAI API model as the catalogue describes one, for tests that need any real model. */
export const GPT_MODEL: ModelSpec = {
  key: 'gpt',
  provider: 'openai',
  id: 'gpt-4o',
  tier: 'api',
  contextTokens: 128_000,
  maxOutputTokens: 2048,
  inputPricePerMtok: 2.5,
  outputPricePerMtok: 10,
}
