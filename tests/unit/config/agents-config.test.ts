import { describe, expect, it } from 'vitest'
import { checkConfig } from '../../../src-main/engine/config'
import { copyConfig, editConfig } from '../../helpers/config-fixture'

describe('agents.yaml', () => {
  it('names the baseline and the offline fallback, both in the catalogue', () => {
    const check = checkConfig({ configDir: copyConfig(), env: {} })
    expect(check.problems).toEqual([])
    expect(check.config?.agents.agents.trading_decision.baseline_model).toBe('rules')
    expect(check.config?.agents.llm.offline_fallback).toBe('rules')
    expect(check.config?.agents.models.rules?.provider).toBe('rules')
  })

  it('refuses a baseline or offline fallback the catalogue lacks', () => {
    const folder = copyConfig()
    editConfig(folder, 'agents.yaml', 'baseline_model: rules', 'baseline_model: rulez')
    editConfig(folder, 'agents.yaml', 'offline_fallback: rules', 'offline_fallback: offline')
    const check = checkConfig({ configDir: folder, env: {} })
    expect(check.config).toBeNull()
    expect(check.problems).toEqual([
      expect.objectContaining({
        file: 'config/agents.yaml',
        path: 'agents.trading_decision.baseline_model',
        message: expect.stringContaining('expected a model defined under models, got "rulez"'),
      }),
      expect.objectContaining({
        path: 'llm.offline_fallback',
        message: expect.stringContaining('got "offline"'),
      }),
    ])
  })

  it('allows leaving both out', () => {
    const folder = copyConfig()
    editConfig(folder, 'agents.yaml', /\n\s+baseline_model: rules[^\n]*/, '')
    editConfig(folder, 'agents.yaml', /\n\s+offline_fallback: rules[^\n]*/, '')
    const check = checkConfig({ configDir: folder, env: {} })
    expect(check.problems).toEqual([])
    expect(check.config?.agents.llm.offline_fallback).toBeNull()
    expect(check.config?.agents.agents.trading_decision.baseline_model).toBeNull()
  })
})
