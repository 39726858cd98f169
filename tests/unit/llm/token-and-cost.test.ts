import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { addUsage, costUsd, modelCatalog } from '../../../src-main/engine/llm/model-catalog'
import type { ModelSpec } from '../../../src-main/engine/llm/llm-types'
import { charsForTokens, estimateTokens } from '../../../src-main/engine/llm/token-estimate'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'

const model = (input: number, output: number): ModelSpec => ({
  key: 'm',
  provider: 'deepseek',
  id: 'm-1',
  tier: 'api',
  contextTokens: 1000,
  maxOutputTokens: 100,
  inputPricePerMtok: input,
  outputPricePerMtok: output,
})

describe('estimateTokens', () => {
  it.each<[number, number, number]>([
    [0, 0.1, 0],
    [4, 0, 1],
    [400, 0, 100],
    [400, 0.1, 110],
    [401, 0.1, 111],
  ])('estimates %i chars with margin %s as %i tokens', (chars, margin, tokens) => {
    expect(estimateTokens('x'.repeat(chars), margin)).toBe(tokens)
  })

  it('inverts to a character budget that never overshoots', () => {
    for (const tokens of [1, 7, 100, 4096]) {
      const chars = charsForTokens(tokens, 0.1)
      expect(estimateTokens('x'.repeat(chars), 0.1)).toBeLessThanOrEqual(tokens)
    }
    expect(charsForTokens(-5, 0.1)).toBe(0)
  })
})

describe('costUsd', () => {
  it('prices tokens per million exactly, without float error', () => {
    const cost = costUsd(model(0.27, 1.1), { inputTokens: 1000, outputTokens: 3 })
    expect(cost.toString()).toBe('0.0002733')
    expect(cost).toBeInstanceOf(Decimal)
  })

  it('is zero for free local models', () => {
    expect(costUsd(model(0, 0), { inputTokens: 5000, outputTokens: 500 }).isZero()).toBe(true)
  })

  it('is zero without tokens, at any price', () => {
    const cost = costUsd(model(0.27, 1.1), { inputTokens: 0, outputTokens: 0 })
    expect(cost.isZero()).toBe(true)
    expect(cost.toString()).toBe('0')
  })

  it('adds usage', () => {
    expect(
      addUsage({ inputTokens: 1, outputTokens: 2 }, { inputTokens: 3, outputTokens: 4 }),
    ).toEqual({
      inputTokens: 4,
      outputTokens: 6,
    })
  })
})

describe('modelCatalog', () => {
  it('keys every model of agents.yaml by its catalogue key', () => {
    const catalog = modelCatalog(shippedAgentsConfig())
    expect([...catalog.keys()]).toEqual([
      'qwen',
      'deepseek',
      'claude_sonnet',
      'claude_opus',
      'gpt',
      'grok',
      'rules',
    ])
    expect(catalog.get('qwen')).toEqual({
      key: 'qwen',
      provider: 'ollama',
      id: 'qwen2.5:7b',
      tier: 'local',
      contextTokens: 8192,
      maxOutputTokens: 1024,
      inputPricePerMtok: 0,
      outputPricePerMtok: 0,
    })
  })
})
