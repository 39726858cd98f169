import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import {
  agentsSkippedAt,
  assessDegradation,
  assessRecovery,
  DegradationMonitor,
  isSkippedAtLevel,
  type DegradationLevel,
  type LlmProviderReading,
  type TaskTier,
} from '../../../src-main/engine/coordinator'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { FakeHealthSource } from '../../fakes/coordinator/coordinator-fakes'

const up = (name: string) => ({ name, isHealthy: true, isKnown: true })
const down = (name: string) => ({ name, isHealthy: false, isKnown: true })
/** Not asked yet: not down, and no sign of recovery either. */
const unknown = (name: string) => ({ name, isHealthy: true, isKnown: false })

describe('assessDegradation', () => {
  it.each([
    { name: 'all healthy', agents: {}, providers: [up('a'), up('b')], level: 'NORMAL' },
    { name: 'failures below the threshold', agents: { ta: 2 }, providers: [], level: 'NORMAL' },
    { name: 'one unhealthy agent', agents: { ta: 3 }, providers: [up('a')], level: 'REDUCED' },
    {
      name: 'one of three providers down',
      agents: {},
      providers: [down('a'), up('b'), up('c')],
      level: 'REDUCED',
    },
    { name: 'two unhealthy agents', agents: { ta: 3, regime: 5 }, providers: [], level: 'LIMITED' },
    {
      name: 'half the providers down',
      agents: {},
      providers: [down('a'), up('b')],
      level: 'LIMITED',
    },
    {
      name: 'three unhealthy agents',
      agents: { ta: 3, regime: 3, trading: 3 },
      providers: [up('a')],
      level: 'EMERGENCY',
    },
    {
      name: 'every provider down',
      agents: {},
      providers: [down('a'), down('b')],
      level: 'EMERGENCY',
    },
    { name: 'no providers in use', agents: {}, providers: [], level: 'NORMAL' },
    { name: 'every provider unknown', agents: {}, providers: [unknown('a')], level: 'NORMAL' },
    {
      name: 'the only known provider down beside an unknown one',
      agents: {},
      providers: [down('a'), unknown('b')],
      level: 'LIMITED',
    },
  ] as const)('$name → $level', ({ agents, providers, level }) => {
    expect(
      assessDegradation(
        { agentFailures: agents as Record<string, number>, llmProviders: providers },
        { failuresBeforeUnhealthy: 3 },
      ).level,
    ).toBe(level)
  })

  it.each<{ agents: Record<string, number>; providers: LlmProviderReading[]; reason: string }>([
    {
      agents: { technical_analysis: 3, regime_detection: 5 },
      providers: [],
      reason: 'no LLM provider in use; unhealthy agents: regime detection, technical analysis',
    },
    {
      agents: {},
      providers: [up('ollama'), unknown('openai')],
      reason: 'no LLM provider down (2 in use); no unhealthy agent',
    },
  ])('says why in words: $reason', ({ agents, providers, reason }) => {
    expect(
      assessDegradation(
        { agentFailures: agents, llmProviders: providers },
        { failuresBeforeUnhealthy: 3 },
      ).reason,
    ).toBe(reason)
  })

  it('says why: which providers are down of how many, which agents are unhealthy', () => {
    expect(
      assessDegradation(
        {
          agentFailures: { regime: 4, ta: 3, x: 0 },
          llmProviders: [down('deepseek'), up('claude')],
        },
        { failuresBeforeUnhealthy: 3 },
      ),
    ).toEqual({
      level: 'LIMITED',
      reason: 'LLM providers down: deepseek (1 of 2); unhealthy agents: regime, ta',
    })
  })
})

describe('assessRecovery', () => {
  it.each([
    { name: 'every provider known', agents: {}, providers: [down('a'), up('b')], level: 'LIMITED' },
    {
      name: 'an unknown provider beside one known down',
      agents: {},
      providers: [down('a'), unknown('b')],
      level: 'EMERGENCY',
    },
    {
      name: 'an unknown provider beside one known up',
      agents: {},
      providers: [up('a'), unknown('b')],
      level: 'NORMAL',
    },
    { name: 'no providers in use', agents: { ta: 3 }, providers: [], level: 'REDUCED' },
    {
      name: 'unhealthy agents beside a known provider',
      agents: { ta: 3, regime: 3 },
      providers: [up('a'), unknown('b')],
      level: 'LIMITED',
    },
  ] as const)('$name → $level', ({ agents, providers, level }) => {
    expect(
      assessRecovery(
        { agentFailures: agents as Record<string, number>, llmProviders: providers },
        { failuresBeforeUnhealthy: 3 },
      )?.level,
    ).toBe(level)
  })

  it('says why with every provider in use, the unknown ones too', () => {
    expect(
      assessRecovery(
        { agentFailures: {}, llmProviders: [up('a'), unknown('b'), unknown('c')] },
        { failuresBeforeUnhealthy: 3 },
      ),
    ).toEqual({ level: 'NORMAL', reason: 'no LLM provider down (3 in use); no unhealthy agent' })
  })

  it('shows no recovery while no provider in use is known', () => {
    expect(
      assessRecovery(
        { agentFailures: {}, llmProviders: [unknown('a'), unknown('b')] },
        { failuresBeforeUnhealthy: 3 },
      ),
    ).toBeNull()
  })
})

describe('task tiers at each level', () => {
  const LEVELS: DegradationLevel[] = ['NORMAL', 'REDUCED', 'LIMITED', 'EMERGENCY']
  const EXPECTED: Record<TaskTier, boolean[]> = {
    essential: [false, false, false, false],
    optional: [false, false, true, true],
    non_critical: [false, true, true, true],
  }
  it.each(Object.entries(EXPECTED))('%s skipped at NORMAL…EMERGENCY: %j', (tier, skipped) => {
    expect(LEVELS.map((level) => isSkippedAtLevel(tier as TaskTier, level))).toEqual(skipped)
  })

  it('names the agents skipped at each level', () => {
    expect([...agentsSkippedAt('NORMAL')]).toEqual([])
    expect([...agentsSkippedAt('REDUCED')]).toEqual(['sentiment'])
    // The rebalancer computes trades by rules and falls back to the default strategy: it always runs.
    expect([...agentsSkippedAt('LIMITED')]).toEqual(['sentiment'])
    expect([...agentsSkippedAt('EMERGENCY')]).toEqual(['sentiment'])
  })
})

describe('DegradationMonitor', () => {
  function monitor(health = new FakeHealthSource(), successesBeforeRecovery = 2) {
    const clock = new VirtualClock(5_000)
    const instance = new DegradationMonitor({
      clock,
      logger: silentLogger(),
      thresholds: { failuresBeforeUnhealthy: 3 },
      successesBeforeRecovery,
      healthSource: health,
      agentsSkippedAt,
      historyLimit: 3,
    })
    return { instance, health, clock }
  }

  it('worsens at once and recovers only after enough better assessments in a row', () => {
    const { instance, health } = monitor()
    expect(instance.evaluate()).toBeNull()
    health.setAll(false)
    expect(instance.evaluate()).toEqual({
      at: 5_000,
      from: 'NORMAL',
      to: 'EMERGENCY',
      reason: 'LLM providers down: anthropic, deepseek (2 of 2); no unhealthy agent',
    })
    expect(instance.level).toBe('EMERGENCY')
    health.setAll(true)
    expect(instance.evaluate()).toBeNull() // one good reading is not enough
    health.setAll(false)
    expect(instance.evaluate()).toBeNull() // the streak is broken
    health.setAll(true)
    expect(instance.evaluate()).toBeNull()
    expect(instance.evaluate()).toMatchObject({ from: 'EMERGENCY', to: 'NORMAL' })
    expect(instance.history.map((change) => change.to)).toEqual(['EMERGENCY', 'NORMAL'])
  })

  it('counts consecutive failures per agent; a success resets them', () => {
    const { instance } = monitor()
    for (let i = 0; i < 3; i++) instance.recordRun('technical_analysis', 'BTC/USDT', false)
    expect(instance.agentFailures()).toEqual({ technical_analysis: 3 })
    expect(instance.evaluate()?.to).toBe('REDUCED')
    instance.recordRun('technical_analysis', 'BTC/USDT', true)
    expect(instance.evaluate()).toBeNull()
    expect(instance.evaluate()?.to).toBe('NORMAL')
  })

  it('counts per symbol: successes on one symbol do not hide failures on another', () => {
    const { instance } = monitor()
    for (let i = 0; i < 3; i++) {
      instance.recordRun('technical_analysis', 'XRP/USDT', false)
      instance.recordRun('technical_analysis', 'BTC/USDT', true)
    }
    expect(instance.agentFailures()).toEqual({ technical_analysis: 3 })
    expect(instance.evaluate()?.to).toBe('REDUCED')
    instance.recordRun('technical_analysis', 'XRP/USDT', true)
    expect(instance.agentFailures()).toEqual({ technical_analysis: 0 })
  })

  it('takes the larger of its own count and the health source count', () => {
    const health = new FakeHealthSource()
    const { instance } = monitor(health)
    instance.recordRun('regime_detection', 'BTC/USDT', false)
    health.failures = { regime_detection: 3, technical_analysis: 3 }
    expect(instance.evaluate()?.to).toBe('LIMITED')
  })

  it('gives an agent skipped at the old level one probe after recovery', () => {
    const { instance, health } = monitor()
    for (let i = 0; i < 4; i++) instance.recordRun('sentiment', 'BTC/USDT', false)
    health.failures = { sentiment: 6 }
    expect(instance.evaluate()?.to).toBe('REDUCED')
    // Sentiment does not run at REDUCED, so its stale counts are left out: recovery follows.
    expect(instance.evaluate()).toBeNull()
    expect(instance.evaluate()?.to).toBe('NORMAL')
    // Back at NORMAL it is one failure short of unhealthy, by both counts: no flapping.
    expect(instance.evaluate()).toBeNull()
    expect(instance.agentFailures()).toEqual({ sentiment: 2 })
    // One more failure of the probe sends the level back.
    instance.recordRun('sentiment', 'BTC/USDT', false)
    expect(instance.evaluate()?.to).toBe('REDUCED')
  })

  it('drops the offset when the reported count resets', () => {
    const { instance, health } = monitor(new FakeHealthSource(), 1)
    health.failures = { sentiment: 5 }
    expect(instance.evaluate()?.to).toBe('REDUCED')
    expect(instance.evaluate()?.to).toBe('NORMAL')
    health.failures = { sentiment: 0 }
    expect(instance.evaluate()).toBeNull()
    health.failures = { sentiment: 3 }
    expect(instance.evaluate()?.to).toBe('REDUCED')
  })

  it('leaves the level alone when the health source throws', () => {
    const { instance, health } = monitor()
    health.setAll(false)
    instance.evaluate()
    health.throwWith = 'health down'
    expect(instance.evaluate()).toBeNull()
    expect(instance.level).toBe('EMERGENCY')
  })

  it('keeps a bounded history and restores a saved one', () => {
    const { instance, health } = monitor(new FakeHealthSource(), 1)
    for (let i = 0; i < 4; i++) {
      health.setAll(false)
      instance.evaluate()
      health.setAll(true)
      instance.evaluate()
    }
    expect(instance.history).toHaveLength(3)
    instance.restore('LIMITED', [
      { at: 1, from: 'NORMAL', to: 'REDUCED', reason: 'a' },
      { at: 2, from: 'REDUCED', to: 'LIMITED', reason: 'b' },
      { at: 3, from: 'LIMITED', to: 'EMERGENCY', reason: 'c' },
      { at: 4, from: 'EMERGENCY', to: 'LIMITED', reason: 'd' },
    ])
    expect(instance.level).toBe('LIMITED')
    expect(instance.history.map((change) => change.reason)).toEqual(['b', 'c', 'd'])
  })

  it('starts NORMAL and stays there while no provider is known yet', () => {
    const { instance, health } = monitor()
    health.providers = [unknown('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toBeNull()
    expect(instance.level).toBe('NORMAL')
    // A known failure counts beside a provider not known: not down, it is in use.
    health.providers = [down('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()?.to).toBe('LIMITED')
  })

  it('keeps a restored EMERGENCY while no provider is known, and recovers once one answers', () => {
    const { instance, health } = monitor(new FakeHealthSource(), 1)
    instance.restore('EMERGENCY', [])
    health.providers = [unknown('deepseek'), unknown('anthropic')]
    for (let i = 0; i < 3; i++) expect(instance.evaluate()).toBeNull()
    expect(instance.level).toBe('EMERGENCY')
    health.providers = [up('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toMatchObject({
      from: 'EMERGENCY',
      to: 'NORMAL',
      reason: 'no LLM provider down (2 in use); no unhealthy agent',
    })
  })

  it('keeps a restored EMERGENCY while every known provider is down, whatever the unknown ones', () => {
    const { instance, health } = monitor(new FakeHealthSource(), 1)
    instance.restore('EMERGENCY', [])
    health.providers = [down('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toBeNull()
    expect(instance.level).toBe('EMERGENCY')
  })

  it('recovers only as far as the known providers show, and a streak needs them to', () => {
    const { instance, health } = monitor()
    instance.restore('LIMITED', [])
    health.providers = [up('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toBeNull()
    // Nothing known: the streak is broken, as by a reading that is no better.
    health.providers = [unknown('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toBeNull()
    health.providers = [up('deepseek'), unknown('anthropic')]
    expect(instance.evaluate()).toBeNull()
    expect(instance.evaluate()).toMatchObject({ from: 'LIMITED', to: 'NORMAL' })
  })

  it('works without a health source', () => {
    const clock = new VirtualClock(0)
    const instance = new DegradationMonitor({
      clock,
      logger: silentLogger(),
      thresholds: { failuresBeforeUnhealthy: 1 },
      successesBeforeRecovery: 1,
      agentsSkippedAt,
    })
    instance.recordRun('technical_analysis', 'BTC/USDT', false)
    expect(instance.evaluate()?.to).toBe('REDUCED')
  })
})
