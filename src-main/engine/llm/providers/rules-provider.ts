import { assertNever } from '../../../../src-shared/assert-never'
import { llmError } from '../llm-error'
import type { GenerateRequest, GenerateResult, LlmProvider } from '../llm-types'
import { NO_USAGE } from '../model-catalog'
import {
  conflictResolutionByRules,
  portfolioStrategyByRules,
  sentimentByRules,
  tradingDecisionByRules,
} from '../rules/decision-rules'
import { regimeByRules } from '../rules/regime-rules'
import type { RulesTask } from '../rules/rules-task'
import { technicalAnalysisByRules } from '../rules/technical-analysis-rules'
import { failureResult, successResult } from './provider-result'

/**
 * The deterministic provider: answers from the request's {@link RulesTask} with indicator
 * rules, no network, no cost. It is the EMERGENCY degradation mode, the offline default
 * and the baseline of the A/B comparison.
 *
 * Its latency is 0 by definition, not measured: the answer is a pure, synchronous
 * computation, so a clock reading around it would only measure how busy the process was
 * (wall time on a loaded machine, GC pauses). Rules answers are never recorded, so a
 * measured latency would differ between a run and its replay, and a replay of history
 * must repeat every value exactly.
 */
export class RulesProvider implements LlmProvider {
  readonly name = 'rules' as const
  readonly isPromptIgnored = true

  async isConfigured(): Promise<boolean> {
    return true
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (!request.task) {
      return failureResult(
        this.name,
        request,
        llmError('bad_request', 'provider=rules needs a task; this request has none'),
        0,
      )
    }
    // The answer is plain JSON data (strings, finite numbers, arrays, objects): the router
    // gets it as it is instead of parsing back the text just made from it.
    const value = answer(request.task)
    return successResult(this.name, request, JSON.stringify(value), NO_USAGE, 0, value)
  }
}

/** Returns the rules' answer to a task. */
export function answer(task: RulesTask): unknown {
  switch (task.kind) {
    case 'technical_analysis':
      return technicalAnalysisByRules(task.snapshot)
    case 'regime_detection':
      return regimeByRules(task.snapshot)
    case 'sentiment':
      return sentimentByRules()
    case 'trading_decision':
      return tradingDecisionByRules(task.snapshot, task.technicalAnalysis, task.regime)
    case 'coordinator_conflict':
      return conflictResolutionByRules(task.conflictTypes)
    case 'portfolio_strategy':
      return portfolioStrategyByRules()
    default:
      return assertNever(task)
  }
}
