import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Decimal from 'decimal.js'
import { afterEach, describe, expect, it } from 'vitest'
import { busPublisher } from '../../../src-main/engine/agents/bus-publisher'
import type { AgentDependencies } from '../../../src-main/engine/agents/base-agent'
import { TechnicalAnalysisAgent } from '../../../src-main/engine/agents/technical-analysis-agent'
import type { AgentTaskRunnerDependencies } from '../../../src-main/engine/wiring/agent-task-runners'
import { agentTaskRunners } from '../../../src-main/engine/wiring/agent-task-runners'
import { llmHealthSource } from '../../../src-main/engine/wiring/llm-health-source'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { Coordinator, type CoordinatorStateStore } from '../../../src-main/engine/coordinator'
import { llmError } from '../../../src-main/engine/llm/llm-error'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type {
  GenerateRequest,
  GenerateResult,
  LlmProvider,
  ProviderName,
} from '../../../src-main/engine/llm/llm-types'
import type { ModelHealthStore } from '../../../src-main/engine/llm/model-health-record'
import { PromptBuilder } from '../../../src-main/engine/llm/prompt-builder'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  CoordinatorStateRepository,
  LlmModelHealthRepository,
  migrateStore,
  openStore,
  type Store,
} from '../../../src-main/engine/store'
import {
  FakeExecutor,
  FakePortfolio,
  FakePositionCloser,
  FakeRiskGate,
  MemoryConflictLog,
  MemoryStateStore,
} from '../../fakes/coordinator/coordinator-fakes'
import {
  SHIPPED_ENTRY_PRICING,
  shippedCoordinatorConfig,
} from '../../fakes/coordinator/coordinator-harness'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { ScriptedProvider } from '../../helpers/llm/scripted-provider'
import { aSnapshot } from '../../helpers/llm/snapshots'
import { memoryStoreOptions, MIGRATIONS_DIR, openMemoryStore } from '../../helpers/test-store'

const MINUTE = 60_000
/** Opening and migrating the stores takes a few seconds; the coordinator runs on a virtual clock. */
const WITH_STORES_MS = 120_000

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

/**
 * The engine's pieces around one coordinator: the LLM router (its health restored from
 * `healthStore`, as the LLM layer does at start; none for an app from before saved health),
 * the TA agent and the rest faked.
 */
async function aCoordinatorOn(options: {
  clock: VirtualClock
  ollama: SwitchableOllama
  stateStore: CoordinatorStateStore
  healthStore: ModelHealthStore | null
  /** Also in use besides Ollama (its API key set), never asked by the agents here. */
  isDeepSeekInUse?: boolean
}) {
  const { clock, ollama, stateStore } = options
  const logger = silentLogger()
  const bus = new MessageBus({ clock, logger, config: { handlerTimeoutMs: 60_000 } })
  const providers = new Map<ProviderName, LlmProvider>()
  // Only Ollama is in use (no cloud API keys) unless told: a common local install.
  for (const name of ['openai', 'anthropic', 'deepseek', 'xai'] as const) {
    const scripted = new ScriptedProvider(name)
    scripted.hasKey = name === 'deepseek' && options.isDeepSeekInUse === true
    providers.set(name, scripted)
  }
  providers.set('ollama', ollama)
  providers.set('rules', new RulesProvider())
  const router = new LlmRouter({
    config: shippedAgentsConfig(),
    providers,
    clock,
    logger,
    ...(options.healthStore ? { healthStore: options.healthStore } : {}),
  })
  await router.restoreHealth()
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
    entryPricing: SHIPPED_ENTRY_PRICING,
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
  return {
    coordinator,
    bus,
    router,
    /** Stops as the engine does: the coordinator, then the health saves. */
    stop: async () => {
      await coordinator.stop()
      await router.flushHealth()
    },
  }
}

/** The health of one catalogue model. */
const healthOf = (router: LlmRouter, model: string) =>
  router.health().models.find((health) => health.model === model)

/** The shipped migrations before the one that added saved model health: an older data folder. */
function migrationsBeforeSavedHealth(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'tg-old-migrations-')), 'migrations')
  cpSync(MIGRATIONS_DIR, folder, { recursive: true })
  const file = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(file, 'utf8')) as { entries: { tag: string }[] }
  const index = journal.entries.findIndex((entry) => entry.tag === '0005_llm_model_health')
  expect(index).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, index)
  writeFileSync(file, JSON.stringify(journal))
  return folder
}

let stores: Store[] = []
afterEach(async () => {
  for (const store of stores) await store.close()
  stores = []
})

/** A migrated in-memory PGlite store, closed after the test. */
/** The degradation levels the coordinator is at, read at the end of each of the next minutes. */
async function levelsEachMinute(
  coordinator: { readonly degradationLevel: string },
  clock: VirtualClock,
  minutes: number,
): Promise<Set<string>> {
  const levels = new Set<string>()
  for (let minute = 0; minute < minutes; minute++) {
    await clock.advance(MINUTE)
    levels.add(coordinator.degradationLevel)
  }
  return levels
}

async function aStore(): Promise<Store> {
  const store = await openMemoryStore()
  stores.push(store)
  return store
}

describe('recovery from EMERGENCY with the real LLM health source', () => {
  it('leaves EMERGENCY once the only LLM provider (local Ollama) is back', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1))
    const ollama = new SwitchableOllama()
    const { coordinator } = await aCoordinatorOn({
      clock,
      ollama,
      stateStore: new MemoryStateStore(),
      healthStore: null,
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
    expect(await levelsEachMinute(coordinator, clock, 30)).toEqual(new Set(['EMERGENCY']))
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

  it(
    'stays in EMERGENCY after a restart while Ollama is still down, announcing no change',
    async () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1))
      const ollama = new SwitchableOllama()
      const stateStore = new MemoryStateStore()
      const healthStore = new LlmModelHealthRepository((await aStore()).db)
      const before = await aCoordinatorOn({ clock, ollama, stateStore, healthStore })
      await before.coordinator.start()
      ollama.isUp = false
      await clock.advance(2 * MINUTE)
      expect(before.coordinator.degradationLevel).toBe('EMERGENCY')
      await before.stop()

      // A restart: the new router restores Ollama's failures, the coordinator its level.
      const after = await aCoordinatorOn({ clock, ollama, stateStore, healthStore })
      expect(healthOf(after.router, 'qwen')).toMatchObject({
        status: 'unhealthy',
        consecutiveFailures: healthOf(before.router, 'qwen')?.consecutiveFailures,
      })
      await after.coordinator.start()
      const changesAtRestart = after.coordinator.status().degradationHistory.length
      expect(await levelsEachMinute(after.coordinator, clock, 30)).toEqual(new Set(['EMERGENCY']))
      expect(after.coordinator.status().degradationHistory.slice(changesAtRestart)).toEqual([])

      // Once it is back, the level recovers as it would have without the restart.
      ollama.isUp = true
      await clock.advance(60 * MINUTE)
      expect(after.coordinator.degradationLevel).toBe('NORMAL')
      await after.stop()
    },
    WITH_STORES_MS,
  )

  it(
    'keeps a failing Ollama unhealthy after a restart at LIMITED: skipped for its spell, no change',
    async () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1))
      const ollama = new SwitchableOllama()
      const stateStore = new MemoryStateStore()
      const healthStore = new LlmModelHealthRepository((await aStore()).db)
      const setup = { clock, ollama, stateStore, healthStore, isDeepSeekInUse: true }
      const before = await aCoordinatorOn(setup)
      await before.coordinator.start()
      ollama.isUp = false
      await clock.advance(2 * MINUTE)
      // One of the two providers in use is down.
      expect(before.coordinator.degradationLevel).toBe('LIMITED')
      const saved = healthOf(before.router, 'qwen')
      expect(saved?.status).toBe('unhealthy')
      await before.stop()

      const after = await aCoordinatorOn(setup)
      expect(healthOf(after.router, 'qwen')).toEqual(saved)
      await after.coordinator.start()
      const changesAtRestart = after.coordinator.status().degradationHistory.length
      // Not asked again before its saved spell ends: the restart did not close the circuit.
      const callsAtRestart = ollama.calls
      const spellLeftMs = (saved?.unhealthyUntilMs ?? 0) - clock.now()
      expect(spellLeftMs).toBeGreaterThan(MINUTE)
      await clock.advance(spellLeftMs - 1)
      expect(ollama.calls).toBe(callsAtRestart)
      expect(healthOf(after.router, 'qwen')?.status).toBe('unhealthy')

      expect(await levelsEachMinute(after.coordinator, clock, 30)).toEqual(new Set(['LIMITED']))
      expect(after.coordinator.status().degradationHistory.slice(changesAtRestart)).toEqual([])
      // Probed once per spell meanwhile, and still failing.
      expect(ollama.calls).toBeGreaterThan(callsAtRestart)
      expect(healthOf(after.router, 'qwen')?.status).not.toBe('healthy')

      ollama.isUp = true
      await clock.advance(60 * MINUTE)
      expect(after.coordinator.degradationLevel).toBe('NORMAL')
      await after.stop()
    },
    WITH_STORES_MS,
  )

  it(
    'stays in EMERGENCY after an upgrade from a data folder that saved no model health',
    async () => {
      const clock = new VirtualClock(Date.UTC(2026, 0, 1))
      const ollama = new SwitchableOllama()
      const store = await openStore(memoryStoreOptions())
      stores.push(store)
      await migrateStore(store, migrationsBeforeSavedHealth())
      const stateStore = new CoordinatorStateRepository(store.db)
      // The older app: no saved health.
      const before = await aCoordinatorOn({ clock, ollama, stateStore, healthStore: null })
      await before.coordinator.start()
      ollama.isUp = false
      await clock.advance(2 * MINUTE)
      expect(before.coordinator.degradationLevel).toBe('EMERGENCY')
      await before.stop()

      await migrateStore(store, MIGRATIONS_DIR)
      const healthStore = new LlmModelHealthRepository(store.db)
      expect(await healthStore.load()).toEqual([])
      const after = await aCoordinatorOn({ clock, ollama, stateStore, healthStore })
      await after.coordinator.start()
      // Nothing saved says Ollama failed, nor that it answered: it is not known, so no sign of
      // recovery, until a probe (rules-only asks a model never asked) tells.
      expect(healthOf(after.router, 'qwen')?.hasCallHistory).toBe(false)
      const changesAtRestart = after.coordinator.status().degradationHistory.length
      expect(await levelsEachMinute(after.coordinator, clock, 30)).toEqual(new Set(['EMERGENCY']))
      expect(after.coordinator.status().degradationHistory.slice(changesAtRestart)).toEqual([])
      // The probes' failures are saved from now on.
      await after.router.flushHealth()
      expect(await healthStore.load()).toMatchObject([{ model: 'qwen', lastSuccessMs: null }])

      ollama.isUp = true
      await clock.advance(60 * MINUTE)
      expect(after.coordinator.degradationLevel).toBe('NORMAL')
      await after.stop()
    },
    WITH_STORES_MS,
  )
})
