import { describe, expect, it } from 'vitest'
import {
  conflictResolutionOutputSchema,
  portfolioStrategyOutputSchema,
  regimeOutputSchema,
  sentimentOutputSchema,
  technicalAnalysisOutputSchema,
  tradingDecisionOutputSchema,
} from '../../../src-main/engine/agents/output-schemas'
import type { GenerateRequest, ModelSpec } from '../../../src-main/engine/llm/llm-types'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import type { RulesTask } from '../../../src-main/engine/llm/rules/rules-task'
import { aSnapshot } from '../../helpers/llm/snapshots'

const rules: ModelSpec = {
  key: 'rules',
  provider: 'rules',
  id: 'rules-v1',
  tier: 'local',
  contextTokens: 1_000_000,
  maxOutputTokens: 100_000,
  inputPricePerMtok: 0,
  outputPricePerMtok: 0,
}

const request = (task?: RulesTask): GenerateRequest => ({
  model: rules,
  system: 'ignored',
  messages: [{ role: 'user', content: 'ignored' }],
  jsonSchema: { name: 'X', schema: {} },
  timeoutMs: 1000,
  ...(task ? { task } : {}),
})

describe('RulesProvider', () => {
  const provider = new RulesProvider()
  const snapshot = aSnapshot()

  it.each([
    ['technical_analysis', { kind: 'technical_analysis', snapshot }, technicalAnalysisOutputSchema],
    ['regime_detection', { kind: 'regime_detection', snapshot }, regimeOutputSchema],
    ['sentiment', { kind: 'sentiment', snapshot }, sentimentOutputSchema],
    ['trading_decision', { kind: 'trading_decision', snapshot }, tradingDecisionOutputSchema],
    [
      'coordinator_conflict',
      { kind: 'coordinator_conflict', conflictTypes: ['x'] },
      conflictResolutionOutputSchema,
    ],
    ['portfolio_strategy', { kind: 'portfolio_strategy' }, portfolioStrategyOutputSchema],
  ] as const)(
    'answers %s with JSON its schema accepts, at no cost',
    async (_kind, task, schema) => {
      const result = await provider.generate(request(task as RulesTask))
      expect(result.ok).toBe(true)
      if (!result.ok) return
      expect(schema.safeParse(JSON.parse(result.text)).success).toBe(true)
      expect(result.parsed).toEqual(JSON.parse(result.text))
      expect(result).toMatchObject({
        provider: 'rules',
        modelId: 'rules-v1',
        usage: { inputTokens: 0, outputTokens: 0 },
        latencyMs: 0,
        isFromRecording: false,
      })
      expect(result.costUsd.isZero()).toBe(true)
    },
  )

  it('refuses a request without a task', async () => {
    const result = await provider.generate(request())
    expect(result).toMatchObject({ ok: false, error: { kind: 'bad_request' } })
  })

  it('is always configured', async () => {
    expect(await provider.isConfigured()).toBe(true)
  })
})
