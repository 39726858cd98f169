import { MessageBus } from '../../../src-main/engine/bus'
import { busPublisher } from '../../../src-main/engine/agents/bus-publisher'
import type { AgentDependencies } from '../../../src-main/engine/agents/base-agent'
import { tradingDecisionSettings } from '../../../src-main/engine/agents/trading-decision-agent'
import type { TradingDecisionDependencies } from '../../../src-main/engine/agents/trading-decision-agent'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import type {
  LlmProvider,
  ProviderName,
  ProviderRegistry,
} from '../../../src-main/engine/llm/llm-types'
import { PromptBuilder } from '../../../src-main/engine/llm/prompt-builder'
import { RulesProvider } from '../../../src-main/engine/llm/providers/rules-provider'
import {
  AgentOutputRepository,
  LlmCallRepository,
  ModelComparisonRepository,
  TradingDecisionRepository,
  type Store,
} from '../../../src-main/engine/store'
import type { Clock } from '../../../src-main/engine/clock'
import { numberedUuids } from '../numbered-uuids'
import { shippedAgentsConfig } from './agents-config'
import { capturingLogger } from './capturing-logger'
import { ScriptedProvider } from './scripted-provider'

/** Scripted providers for every provider name plus the real rules provider. */
export function scriptedProviders(): {
  providers: Map<ProviderName, LlmProvider>
  scripted: (name: ProviderName) => ScriptedProvider
} {
  const providers = new Map<ProviderName, LlmProvider>()
  for (const name of ['ollama', 'openai', 'anthropic', 'deepseek', 'xai'] as const) {
    providers.set(name, new ScriptedProvider(name))
  }
  providers.set('rules', new RulesProvider())
  return { providers, scripted: (name) => providers.get(name) as ScriptedProvider }
}

export interface AgentKitOptions {
  readonly store: Store
  readonly config?: AgentsConfig
  readonly clock?: Clock
  readonly providers?: ProviderRegistry
}

/** Everything an agent needs, wired as the composition root would, on the given store. */
export function agentKit(options: AgentKitOptions) {
  const clock = options.clock ?? new VirtualClock(1_735_689_600_000)
  const config = options.config ?? shippedAgentsConfig()
  const { logger, lines } = capturingLogger()
  const fallback = scriptedProviders()
  const providers = options.providers ?? fallback.providers
  const calls = new LlmCallRepository(options.store.db)
  const router = new LlmRouter({ config, providers, clock, logger, calls })
  const bus = new MessageBus({ clock, logger, config: {} })
  const deps: AgentDependencies = {
    router,
    prompts: new PromptBuilder({ safetyMargin: config.llm.token_safety_margin, logger }),
    outputs: new AgentOutputRepository(options.store.db),
    publisher: busPublisher(bus),
    clock,
    logger,
    // Repeatable ids, as the composition root's injected source gives a replay.
    newId: numberedUuids(),
  }
  const decisions: TradingDecisionDependencies = {
    ...deps,
    decisions: new TradingDecisionRepository(options.store.db),
    comparisons: new ModelComparisonRepository(options.store.db),
    settings: tradingDecisionSettings(config),
  }
  return {
    clock,
    config,
    router,
    bus,
    calls,
    deps,
    decisions,
    logs: lines,
    scripted: fallback.scripted,
  }
}
