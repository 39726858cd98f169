import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { busPublisher } from '../../../src-main/engine/agents/bus-publisher'
import type { AgentDependencies } from '../../../src-main/engine/agents/base-agent'
import { TechnicalAnalysisAgent } from '../../../src-main/engine/agents/technical-analysis-agent'
import type { AgentTaskRunnerDependencies } from '../../../src-main/engine/wiring/agent-task-runners'
import { agentTaskRunners } from '../../../src-main/engine/wiring/agent-task-runners'
import { llmHealthSource } from '../../../src-main/engine/wiring/llm-health-source'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { Coordinator } from '../../../src-main/engine/coordinator'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type {
  GenerateRequest,
  GenerateResult,
  LlmProvider,
  ProviderName,
} from '../../../src-main/engine/llm/llm-types'
import { PromptBuilder } from '../../../src-main/engine/llm/prompt-builder'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  FakeExecutor,
  FakePortfolio,
  FakePositionCloser,
  FakeRiskGate,
  MemoryConflictLog,
  MemoryStateStore,
} from '../../fakes/coordinator/coordinator-fakes'
import { shippedCoordinatorConfig } from '../../fakes/coordinator/coordinator-harness'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { ScriptedProvider } from '../../helpers/llm/scripted-provider'
import { aSnapshot } from '../../helpers/llm/snapshots'

const MINUTE = 60_000

/** A local Ollama that can be switched off and on; when up it answers like the rules would. */
class SwitchableOllama implements LlmProvider {
  readonly name = 'ollama' as const
  isUp = true
  calls = 0
  private readonly rules = new RulesProvider()
  async isConfigured(): Promise<boolean> {
    return true
  }
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.calls++
    if (!this.isUp) {
      return {
        ok: false,
        provider: 'ollama',
        modelId: request.model.id,
        error: llmError('network', 'connect ECONNREFUSED 127.0.0.1:11434'),
        usage: { inputTokens: 0, outputTokens: 0 },
        latencyMs: 0,
        costUsd: new Decimal(0),
        isFromRecording: false,
      }
    }
    const answer = await this.rules.generate(request)
    return { ...answer, provider: 'ollama', modelId: request.model.id }
  }
}

/** The engine's pieces around one coordinator: the LLM router, the TA agent and the rest faked. */
async function aCoordinatorOn(options: {
  clock: VirtualClock
  ollama: SwitchableOllama
  stateStore: MemoryStateStore
}) {
  const { clock, ollama, stateStore } = options
  const logger = silentLogger()
  const bus = new MessageBus({ clock, logger, config: { handlerTimeoutMs: 60_000 } })
  const providers = new Map<ProviderName, LlmProvider>()
  // Only Ollama is in use (no cloud API keys): a common local install.
  for (const name of ['openai', 'anthropic', 'deepseek', 'xai'] as const) {
    const scripted = new ScriptedProvider(name)
    scripted.hasKey = false
    providers.set(name, scripted)
  }
  providers.set('ollama', ollama)
  providers.set('rules', new RulesProvider())
  const router = new LlmRouter({ config: shippedAgentsConfig(), providers, clock, logger })
  await router.refreshAvailability()

  const deps: AgentDependencies = {
    router,
    prompts: new PromptBuilder({ safetyMargin: 0.1, logger }),
    outputs: { insert: async () => 'row' } as unknown as AgentDependencies['outputs'],
    publisher: busPublisher(bus),
    clock,
    logger,
  }
  const ta = new TechnicalAnalysisAgent(deps)
  const idle = { run: async () => ({ ok: true as const }) }
  const runners = agentTaskRunners({
    snapshots: {
      build: async (symbol: string) => ({
        ok: true as const,
        snapshot: { ...aSnapshot(), symbol, timestampMs: clock.now(), staleParts: [] },
      }),
    },
    bus,
    router,
    agents: {
      technicalAnalysis: ta,
      regime: idle,
      sentiment: idle,
      tradingDecision: idle,
    } as unknown as AgentTaskRunnerDependencies['agents'],
    portfolio: async () => {},
  })
  const coordinator = new Coordinator({
    clock,
    logger,
    bus,
    config: shippedCoordinatorConfig(),
    runners,
    conflictModels: null,
    risk: new FakeRiskGate(),
    portfolio: new FakePortfolio(),
    executor: new FakeExecutor(),
    positionCloser: new FakePositionCloser(),
    stateStore,
    conflictLog: new MemoryConflictLog(),
    healthSource: llmHealthSource(router),
  })
  return { coordinator, bus }
}

describe('recovery from EMERGENCY with the real LLM health source', () => {
  it('leaves EMERGENCY once the only LLM provider (local Ollama) is back', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const ollama = new SwitchableOllama()
    const { coordinator } = await aCoordinatorOn({
      clock,
      ollama,
      stateStore: new MemoryStateStore(),
    })

    await coordinator.start()
    await clock.advance(0)
    expect(coordinator.degradationLevel).toBe('NORMAL')

    // Ollama stops: TA falls back to rules (the agent stays healthy) but the provider fails.
    ollama.isUp = false
    await clock.advance(2 * MINUTE)
    expect(coordinator.degradationLevel).toBe('EMERGENCY')

    // While it stays down, it is probed once per unhealthy spell (300 s) and symbol, and the
    // level stays where it is rather than flapping.
    const callsWhenDown = ollama.calls
    const levels = new Set<string>()
    for (let minute = 0; minute < 30; minute++) {
      await clock.advance(MINUTE)
      levels.add(coordinator.degradationLevel)
    }
    expect([...levels]).toEqual(['EMERGENCY'])
    expect(ollama.calls - callsWhenDown).toBeGreaterThan(0)
    expect(ollama.calls - callsWhenDown).toBeLessThanOrEqual(2 * (30 / 5 + 1))

    // Ollama is back. Give it a long time: the unhealthy spell (300 s) ends many times over.
    ollama.isUp = true
    const callsWhenBack = ollama.calls
    await clock.advance(60 * MINUTE)

    // Rules-only as EMERGENCY is, the router probes Ollama once its unhealthy spell ends.
    expect(coordinator.degradationLevel, 'level 60 min after Ollama is back').toBe('NORMAL')
    expect(ollama.calls - callsWhenBack, 'calls to Ollama after it came back').toBeGreaterThan(0)
    await coordinator.stop()
  })

  it('stays in EMERGENCY after a restart while Ollama is still down, announcing no change', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const ollama = new SwitchableOllama()
    const stateStore = new MemoryStateStore()
    const before = await aCoordinatorOn({ clock, ollama, stateStore })
    await before.coordinator.start()
    ollama.isUp = false
    await clock.advance(2 * MINUTE)
    expect(before.coordinator.degradationLevel).toBe('EMERGENCY')
    await before.coordinator.stop()

    // A restart: a new router knows nothing of Ollama's failures, the coordinator its level.
    const after = await aCoordinatorOn({ clock, ollama, stateStore })
    await after.coordinator.start()
    const changesAtRestart = after.coordinator.status().degradationHistory.length
    const levels: string[] = []
    for (let minute = 0; minute < 30; minute++) {
      await clock.advance(MINUTE)
      levels.push(after.coordinator.degradationLevel)
    }
    expect(new Set(levels)).toEqual(new Set(['EMERGENCY']))
    expect(after.coordinator.status().degradationHistory.slice(changesAtRestart)).toEqual([])

    // Once it is back, the level recovers as it would have without the restart.
    ollama.isUp = true
    await clock.advance(60 * MINUTE)
    expect(after.coordinator.degradationLevel).toBe('NORMAL')
    await after.coordinator.stop()
  })
})
