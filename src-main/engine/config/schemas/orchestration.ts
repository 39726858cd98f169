import { z } from 'zod'
import { flag, fraction, positiveInteger, tradingPair } from '../schema-helpers'

const schedule = z.strictObject({
  interval_seconds: positiveInteger(),
  enabled: flag(),
  /** A run taking longer than this is abandoned and counted as a timeout. */
  timeout_seconds: positiveInteger().default(120),
})

/** Names of the coordinator's scheduled tasks, in the order they are armed. */
export const TASK_NAMES = [
  'technical_analysis',
  'regime_detection',
  'sentiment_analysis',
  'trading_decision',
  'portfolio_rebalance',
] as const

/** config/orchestration.yaml: coordinator schedules, conflicts, emergency and bus settings. */
export const orchestrationFileSchema = z.strictObject({
  coordinator: z.strictObject({
    symbols: z.array(tradingPair()).min(1, { error: 'expected at least one symbol' }),
    schedules: z.strictObject({
      technical_analysis: schedule,
      regime_detection: schedule,
      sentiment_analysis: schedule,
      trading_decision: schedule,
      portfolio_rebalance: schedule,
    }),
    conflicts: z.strictObject({
      invoke_llm_threshold: fraction(),
      max_resolution_time_ms: positiveInteger(),
      /** A risk modification that changes size by more than this fraction is a conflict. */
      significant_modification_ratio: fraction().default(0.3),
      /** Longest one model may take, within `max_resolution_time_ms`, before the fallback is asked. */
      model_timeout_ms: positiveInteger().default(5000),
      /** Groups of symbols that move together: the same direction on two of them at once is a conflict. */
      correlated_symbols: z
        .array(z.array(tradingPair()).min(2))
        .default([['BTC/USDT', 'XRP/USDT']]),
      /** Signals on correlated symbols this close together count as "at once". */
      correlation_window_seconds: positiveInteger().default(300),
    }),
    state: z.strictObject({
      persist_to_db: flag(),
      recovery_on_restart: flag(),
      /** How long `stop()` waits for running tasks and signals before it saves and returns. */
      stop_timeout_seconds: positiveInteger().default(30),
    }),
    emergency: z.strictObject({
      close_positions_on_circuit_breaker: flag(),
      /**
       * Trading resumes (to the state it was in) once every breaker that halted it re-armed by
       * itself at its reset time; a breaker reset by hand, or a halt by a person (the kill
       * switch), still needs an explicit resume.
       */
      resume_when_breakers_rearm: flag().default(true),
      execution_errors_before_symbol_pause: positiveInteger(),
    }),
    degradation: z.strictObject({
      /** Consecutive failures of an agent or provider before it counts as unhealthy. */
      failures_before_unhealthy: positiveInteger(),
      /** Healthy results in a row needed before a level is recovered. */
      successes_before_recovery: positiveInteger(),
      /** How often health is assessed besides after every task run. */
      check_interval_seconds: positiveInteger().default(60),
    }),
  }),
  bus: z.strictObject({
    max_history: positiveInteger(),
    default_ttl_seconds: positiveInteger(),
    handler_timeout_ms: positiveInteger(),
  }),
})

export type OrchestrationConfig = z.infer<typeof orchestrationFileSchema>
