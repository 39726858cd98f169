import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig, withRulesOnlyAgents, type AppConfig } from '../../../src-main/engine/config'

const CONFIG_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'config')

function shippedConfig(): AppConfig {
  return loadConfig({ configDir: CONFIG_DIR, env: {} }).config
}

describe('withRulesOnlyAgents', () => {
  it('routes every agent to the rules model and leaves the input as it was', () => {
    const config = shippedConfig()
    const before = structuredClone(config)
    const rulesOnly = withRulesOnlyAgents(config)
    const { trading_decision: tradingDecision, ...routes } = rulesOnly.agents.agents
    for (const route of Object.values(routes)) {
      expect(route).toMatchObject({ model: 'rules', fallbacks: [] })
    }
    expect(tradingDecision).toMatchObject({ models: ['rules'], baseline_model: 'rules' })
    expect(rulesOnly.agents.models.rules?.provider).toBe('rules')
    expect(config).toEqual(before)
  })

  it('takes the first rules model when the offline fallback is not one', () => {
    const config = shippedConfig()
    const { rules, ...others } = config.agents.models
    config.agents.models = { ...others, 'rules-b': rules!, 'rules-c': rules! }
    config.agents.llm.offline_fallback = Object.keys(others)[0] ?? null
    expect(withRulesOnlyAgents(config).agents.agents.technical_analysis.model).toBe('rules-b')
  })

  it('names the problem when no model uses the rules provider', () => {
    const config = shippedConfig()
    config.agents.models = Object.fromEntries(
      Object.entries(config.agents.models).filter(([, model]) => model.provider !== 'rules'),
    )
    expect(() => withRulesOnlyAgents(config)).toThrow(
      'agents.yaml defines no model with provider "rules"',
    )
  })
})
