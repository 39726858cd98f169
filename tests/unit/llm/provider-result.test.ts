import { describe, expect, it } from 'vitest'
import type { GenerateRequest, ModelSpec } from '../../../src-main/engine/llm/llm-types'
import { NO_USAGE } from '../../../src-main/engine/llm/model-catalog'
import { successResult } from '../../../src-main/engine/llm/providers/provider-result'

const model: ModelSpec = {
  key: 'm',
  provider: 'openai',
  id: 'gpt-x',
  tier: 'api',
  contextTokens: 100_000,
  maxOutputTokens: 1_000,
  inputPricePerMtok: 0,
  outputPricePerMtok: 0,
}
const request = (isJson: boolean): GenerateRequest => ({
  model,
  system: 's',
  messages: [{ role: 'user', content: 'u' }],
  ...(isJson ? { jsonSchema: { name: 'X', schema: {} } } : {}),
  timeoutMs: 1_000,
})

describe('successResult', () => {
  it('parses the JSON in the text when JSON was asked for', () => {
    const result = successResult('openai', request(true), 'Here: {"a": 1}', NO_USAGE, 5)
    expect(result.parsed).toEqual({ a: 1 })
  })

  it('takes the value the text was made from as it is', () => {
    const value = { a: 1 }
    const result = successResult('rules', request(true), '{"a":1}', NO_USAGE, 0, value)
    expect(result.parsed).toBe(value)
  })

  it('leaves a text answer unparsed when no JSON was asked for', () => {
    const result = successResult('openai', request(false), '{"a": 1}', NO_USAGE, 5)
    expect(result).not.toHaveProperty('parsed')
  })
})
