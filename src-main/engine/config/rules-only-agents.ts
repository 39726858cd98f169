import type { AppConfig } from './config-files'

/**
 * The config with every agent answered by the deterministic rules provider. A replay without
 * recorded answers runs on it, so a backtest never depends on which models happen to be
 * reachable (an unreachable Ollama would otherwise fail runs until the coordinator fell back
 * to rules) and gives the same result on every run. The input is left unchanged.
 */
export function withRulesOnlyAgents(config: AppConfig): AppConfig {
  const rules = rulesModelKey(config)
  const copy = structuredClone(config)
  const { trading_decision: tradingDecision, ...routes } = copy.agents.agents
  for (const route of Object.values(routes)) {
    route.model = rules
    route.fallbacks = []
  }
  tradingDecision.models = [rules]
  tradingDecision.baseline_model = rules
  return copy
}

/** The offline fallback when it is a rules model, else the first rules model in the catalogue. */
function rulesModelKey(config: AppConfig): string {
  const { models, llm } = config.agents
  const offline = llm.offline_fallback
  if (offline && models[offline]?.provider === 'rules') return offline
  const first = Object.entries(models).find(([, model]) => model.provider === 'rules')
  if (!first) {
    throw new Error(
      'agents.yaml defines no model with provider "rules": a replay without recorded answers needs one',
    )
  }
  return first[0]
}
