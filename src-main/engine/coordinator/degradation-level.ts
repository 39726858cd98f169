import { DEGRADATION_LEVELS } from '../../../src-shared/contract/coordinator'
import { asWords } from '../../../src-shared/words'

/**
 * How far the system has fallen back (seed 001 v1.1): NORMAL (everything), REDUCED (no
 * sentiment), LIMITED (no optional agents, fewer LLM calls), EMERGENCY (rules only, no LLM).
 */
export type DegradationLevel = (typeof DEGRADATION_LEVELS)[number]

export { DEGRADATION_LEVELS }

/** Returns how severe a level is: 0 for NORMAL … 3 for EMERGENCY. */
export function severityOf(level: DegradationLevel): number {
  return DEGRADATION_LEVELS.indexOf(level)
}

/**
 * One LLM provider in use, as its health is known now: healthy (it answered), down (it failed,
 * or cannot be called), or unknown (nothing has told of it yet: `isKnown` false). An unknown
 * provider is not down (`isHealthy` true), but no sign of recovery either (see
 * {@link assessRecovery}).
 */
export interface LlmProviderReading {
  readonly name: string
  /** False only when the provider is known to be down. */
  readonly isHealthy: boolean
  readonly isKnown: boolean
}

/** One health reading: what the assessment is made from. */
export interface HealthReading {
  /** Consecutive failures per agent name. */
  readonly agentFailures: Readonly<Record<string, number>>
  /** The LLM providers in use and how each is now. */
  readonly llmProviders: readonly LlmProviderReading[]
}

/** Thresholds of the assessment. */
export interface DegradationThresholds {
  /** Consecutive failures that make an agent unhealthy. */
  readonly failuresBeforeUnhealthy: number
  /** Unhealthy agents that make the level LIMITED. */
  readonly limitedUnhealthyAgents?: number
  /** Unhealthy agents that make the level EMERGENCY. */
  readonly emergencyUnhealthyAgents?: number
}

/** A level and the reason for it, in words (the history and the log show it as it is). */
export interface DegradationAssessment {
  readonly level: DegradationLevel
  readonly reason: string
}

/**
 * Returns the degradation level a health reading calls for (a provider not known yet is not
 * down: a worse level is taken on known failures only):
 * - EMERGENCY when every LLM provider is down, or `emergencyUnhealthyAgents` (3) agents are unhealthy;
 * - LIMITED when at least half the LLM providers are down, or `limitedUnhealthyAgents` (2) agents are;
 * - REDUCED when any provider or any agent is unhealthy;
 * - NORMAL otherwise.
 */
export function assessDegradation(
  reading: HealthReading,
  thresholds: DegradationThresholds,
): DegradationAssessment {
  const unhealthyAgents = Object.entries(reading.agentFailures)
    .filter(([, failures]) => failures >= thresholds.failuresBeforeUnhealthy)
    .map(([agent]) => agent)
    .sort()
  const providers = reading.llmProviders
  const downProviders = providers
    .filter((provider) => !provider.isHealthy)
    .map((provider) => provider.name)
    .sort()
  const reason = reasonInWords(unhealthyAgents, downProviders, providers.length)
  const limitedAgents = thresholds.limitedUnhealthyAgents ?? 2
  const emergencyAgents = thresholds.emergencyUnhealthyAgents ?? 3

  const isAllLlmDown = providers.length > 0 && downProviders.length === providers.length
  if (isAllLlmDown || unhealthyAgents.length >= emergencyAgents) {
    return { level: 'EMERGENCY', reason }
  }
  const isHalfLlmDown = providers.length > 0 && downProviders.length * 2 >= providers.length
  if (isHalfLlmDown || unhealthyAgents.length >= limitedAgents) return { level: 'LIMITED', reason }
  if (downProviders.length > 0 || unhealthyAgents.length > 0) return { level: 'REDUCED', reason }
  return { level: 'NORMAL', reason }
}

/**
 * Returns the degradation level a health reading shows the system has recovered to: assessed
 * on the known providers alone, so a provider nothing has told of is no sign of recovery (nor
 * of failure); null when providers are in use and none is known, where the reading shows no
 * recovery at all. A level restored at start (EMERGENCY: rules only, no model asked) thus
 * stays until a model answers, while a fresh start, at NORMAL, has nothing to recover from.
 */
export function assessRecovery(
  reading: HealthReading,
  thresholds: DegradationThresholds,
): DegradationAssessment | null {
  const known = reading.llmProviders.filter((provider) => provider.isKnown)
  if (known.length === 0 && reading.llmProviders.length > 0) return null
  const { level } = assessDegradation({ ...reading, llmProviders: known }, thresholds)
  // The reason names every provider in use, the unknown ones too.
  return { level, reason: assessDegradation(reading, thresholds).reason }
}

/**
 * Returns what an assessment saw, as a trader reads it in the degradation history: "LLM
 * providers down: anthropic, deepseek (2 of 2); no unhealthy agent", "no LLM provider down (2
 * in use); unhealthy agents: regime detection, technical analysis".
 */
function reasonInWords(
  unhealthyAgents: readonly string[],
  downProviders: readonly string[],
  providersInUse: number,
): string {
  const providers =
    providersInUse === 0
      ? 'no LLM provider in use'
      : downProviders.length > 0
        ? `LLM providers down: ${downProviders.join(', ')} (${downProviders.length} of ${providersInUse})`
        : `no LLM provider down (${providersInUse} in use)`
  const agents =
    unhealthyAgents.length > 0
      ? `unhealthy agents: ${unhealthyAgents.map(asWords).join(', ')}`
      : 'no unhealthy agent'
  return `${providers}; ${agents}`
}
