import Decimal from 'decimal.js'
import type { AppConfig } from './config-files'

/**
 * Returns what is legal but probably a mistake: allocation targets that do not sum to 100
 * (seed 001 v1.4), and a rebalance check interval in portfolio.yaml other than the
 * coordinator's schedule, which is the one that runs the check.
 */
export function configWarnings(config: AppConfig): string[] {
  const warnings: string[] = []
  const targets = config.portfolio.portfolio.target_allocation
  const sum = Object.values(targets).reduce((total, pct) => total.plus(pct), new Decimal(0))
  if (!sum.equals(100)) {
    warnings.push(
      `portfolio.yaml: portfolio.target_allocation: targets sum to ${sum.toString()} %, not 100 %`,
    )
  }
  // Both files carry the interval (seed 001 has it in each); the coordinator schedules the check.
  const checkSeconds = config.portfolio.portfolio.rebalancing.check_interval_seconds
  const scheduledSeconds =
    config.orchestration.coordinator.schedules.portfolio_rebalance.interval_seconds
  if (checkSeconds !== scheduledSeconds) {
    warnings.push(
      `portfolio.yaml: portfolio.rebalancing.check_interval_seconds is ${checkSeconds}, but the check runs every ${scheduledSeconds} s as orchestration.yaml coordinator.schedules.portfolio_rebalance.interval_seconds says; set that one`,
    )
  }
  return warnings
}

/** Returns problems that span keys of agents.yaml: routes that name unknown models. */
export function agentRouteProblems(config: AppConfig): { path: string; message: string }[] {
  const known = new Set(Object.keys(config.agents.models))
  const problems: { path: string; message: string }[] = []
  const { trading_decision: tradingDecision, ...routes } = config.agents.agents
  for (const [agent, route] of Object.entries(routes)) {
    for (const [index, name] of [route.model, ...route.fallbacks].entries()) {
      if (!known.has(name)) {
        const path =
          index === 0 ? `agents.${agent}.model` : `agents.${agent}.fallbacks.${index - 1}`
        problems.push({ path, message: `expected a model defined under models, got "${name}"` })
      }
    }
  }
  tradingDecision.models.forEach((name, index) => {
    if (!known.has(name)) {
      problems.push({
        path: `agents.trading_decision.models.${index}`,
        message: `expected a model defined under models, got "${name}"`,
      })
    }
  })
  return problems
}
