import { describe, expect, it } from 'vitest'
import type { ModelSpec } from '../../../src-main/engine/llm/llm-types'
import { PromptBuilder, type PromptSection } from '../../../src-main/engine/llm/prompt-builder'
import { AGENT_TEMPLATES } from '../../../src-main/engine/llm/prompt-templates'
import { estimateTokens } from '../../../src-main/engine/llm/token-estimate'
import { capturingLogger } from '../../helpers/llm/capturing-logger'

const model = (tier: 'local' | 'api', contextTokens: number, maxOutputTokens = 100): ModelSpec => ({
  key: `${tier}-model`,
  provider: tier === 'local' ? 'ollama' : 'openai',
  id: 'm',
  tier,
  contextTokens,
  maxOutputTokens,
  inputPricePerMtok: 0,
  outputPricePerMtok: 0,
})

const lines = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, index) => `${prefix} line ${index} ${'x'.repeat(40)}`).join(
    '\n',
  )

const sections: PromptSection[] = [
  { name: 'Market', text: 'symbol: BTC/USDT\nprice: 50000', priority: 100, isRequired: true },
  { name: 'Indicators', text: lines('ind', 10), priority: 50, cutFrom: 'end' },
  { name: 'Candles', text: lines('candle', 40), priority: 10, cutFrom: 'start' },
]

function builder() {
  const { logger, lines: logs } = capturingLogger()
  return { prompts: new PromptBuilder({ safetyMargin: 0.1, logger }), logs }
}

describe('PromptBuilder', () => {
  it('uses the tier template and states the output schema', () => {
    const { prompts } = builder()
    const schema = { name: 'Answer', schema: { type: 'object', required: ['a'] } }
    const local = prompts.systemPrompt('technical_analysis', model('local', 8000), schema)
    const api = prompts.systemPrompt('technical_analysis', model('api', 8000), schema)
    expect(local).toContain(AGENT_TEMPLATES.technical_analysis.local)
    expect(api).toContain(AGENT_TEMPLATES.technical_analysis.api)
    expect(api).not.toContain(AGENT_TEMPLATES.technical_analysis.local)
    expect(local).toContain('{"type":"object","required":["a"]}')
    expect(prompts.systemPrompt('technical_analysis', model('api', 8000))).not.toContain(
      'JSON Schema',
    )
  })

  it('keeps everything when the prompt fits, and estimates with the safety margin', () => {
    const { prompts, logs } = builder()
    const built = prompts.build({
      agent: 'regime_detection',
      model: model('api', 100_000),
      sections,
    })
    const user = built.messages[0]?.content ?? ''
    expect(built.cuts).toEqual([])
    expect(built.isOverBudget).toBe(false)
    expect(user).toContain('## Market\nsymbol: BTC/USDT')
    expect(user.indexOf('## Indicators')).toBeLessThan(user.indexOf('## Candles'))
    expect(built.estimatedTokens).toBe(estimateTokens(`${built.system}\n${user}`, 0.1))
    expect(built.budgetTokens).toBe(100_000 - 100)
    expect(logs.filter((line) => line.level === 40)).toEqual([])
  })

  it('cuts the lowest priority section first, oldest lines first, and logs what was cut', () => {
    const { prompts, logs } = builder()
    const full = prompts.build({
      agent: 'regime_detection',
      model: model('api', 100_000),
      sections,
    })
    const budget = full.estimatedTokens - 200
    const built = prompts.build({
      agent: 'regime_detection',
      model: model('api', budget + 100),
      sections,
    })
    expect(built.estimatedTokens).toBeLessThanOrEqual(built.budgetTokens)
    expect(built.cuts).toHaveLength(1)
    expect(built.cuts[0]).toMatchObject({ section: 'Candles', isWholeSection: false })
    const user = built.messages[0]?.content ?? ''
    expect(user).not.toContain('candle line 0 ')
    expect(user).toContain('candle line 39 ')
    expect(user).toContain('ind line 9 ')
    const warning = logs.find(
      (line) => line.msg === 'prompt truncated to fit the model context budget',
    )
    expect(warning).toMatchObject({
      section: 'Candles',
      agent: 'regime_detection',
      model: 'api-model',
    })
    expect(warning?.removedChars).toBe(built.cuts[0]?.removedChars)
  })

  it('drops whole sections and then cuts the next from the end', () => {
    const { prompts } = builder()
    const candlesOnly = prompts.build({
      agent: 'regime_detection',
      model: model('api', 100_000),
      sections: sections.filter((section) => section.name !== 'Candles'),
    })
    const built = prompts.build({
      agent: 'regime_detection',
      model: model('api', candlesOnly.estimatedTokens - 60 + 100),
      sections,
    })
    expect(built.cuts.map((cut) => [cut.section, cut.isWholeSection])).toEqual([
      ['Indicators', false],
      ['Candles', true],
    ])
    const user = built.messages[0]?.content ?? ''
    expect(user).not.toContain('## Candles')
    expect(user).toContain('ind line 0 ')
    expect(user).not.toContain('ind line 9 ')
    expect(built.isOverBudget).toBe(false)
  })

  it('never cuts required sections and says when the prompt is still over budget', () => {
    const { prompts, logs } = builder()
    const built = prompts.build({ agent: 'sentiment', model: model('local', 150, 100), sections })
    expect(built.isOverBudget).toBe(true)
    expect(built.messages[0]?.content).toContain('symbol: BTC/USDT')
    expect(built.cuts.every((cut) => cut.isWholeSection)).toBe(true)
    expect(
      logs.some((line) => line.msg === 'prompt exceeds the model context budget after truncation'),
    ).toBe(true)
  })

  it('reserves the requested answer tokens instead of the model default', () => {
    const { prompts } = builder()
    const built = prompts.build({
      agent: 'sentiment',
      model: model('api', 10_000, 100),
      sections,
      maxOutputTokens: 4000,
    })
    expect(built.budgetTokens).toBe(6000)
  })
})
