import { z } from 'zod'
import { symbolSchema } from '../symbols'
import { decimalText, identifier, timestampMs } from './primitives'

export const AGENT_NAMES = [
  'technical_analysis',
  'regime_detection',
  'sentiment',
  'trading_decision',
  'portfolio_rebalance',
  'coordinator',
] as const

export const agentOutputSchema = z.object({
  id: z.string(),
  agent: z.string(),
  symbol: z.string().nullable(),
  provider: z.string(),
  model: z.string(),
  correlationId: z.string().nullable(),
  createdAt: timestampMs,
  latencyMs: z.number(),
  inputTokens: z.number(),
  outputTokens: z.number(),
  costUsd: decimalText,
  isValid: z.boolean(),
  output: z.unknown(),
  error: z.string().nullable(),
})

export const agentOutputsInput = z
  .object({
    agent: z.enum(AGENT_NAMES).optional(),
    symbol: symbolSchema.optional(),
    limit: z.number().int().positive().max(500).default(50),
  })
  .strict()
  .prefault({})

export const modelVoteSchema = z.object({
  model: z.string(),
  provider: z.string(),
  action: z.string().nullable(),
  confidence: z.number().nullable(),
  latencyMs: z.number(),
  costUsd: decimalText,
  isValid: z.boolean(),
  error: z.string().nullable(),
  agreedWithConsensus: z.boolean().nullable(),
  /** False when no request was sent (no API key, skipped as unhealthy): no vote, no latency. */
  wasAsked: z.boolean(),
})

export const tradingDecisionSchema = z.object({
  id: z.string(),
  correlationId: z.string(),
  symbol: z.string(),
  createdAt: timestampMs,
  action: z.string(),
  confidence: z.number(),
  entryPrice: decimalText.nullable(),
  stopLoss: decimalText.nullable(),
  takeProfit: decimalText.nullable(),
  leverage: z.number(),
  agreement: z.number(),
  votes: z.array(modelVoteSchema),
})

export const recentDecisionsInput = z
  .object({
    symbol: symbolSchema.optional(),
    limit: z.number().int().positive().max(500).default(50),
  })
  .strict()
  .prefault({})

/** One step of a decision trace, from signal to fill, in time order. */
export const traceStepSchema = z.object({
  at: timestampMs,
  kind: z.enum([
    'signal',
    'decision',
    'vote',
    'conflict',
    'resolution',
    'risk',
    'order',
    'fill',
    'position',
    'event',
  ]),
  title: z.string(),
  detail: z.record(z.string(), z.unknown()),
})

export const decisionTraceSchema = z.object({
  correlationId: z.string(),
  symbol: z.string().nullable(),
  steps: z.array(traceStepSchema),
})

export const correlationIdInput = z.object({ correlationId: identifier }).strict()

export type AgentOutput = z.infer<typeof agentOutputSchema>
export type TradingDecision = z.infer<typeof tradingDecisionSchema>
export type ModelVote = z.infer<typeof modelVoteSchema>
export type DecisionTrace = z.infer<typeof decisionTraceSchema>
export type TraceStep = z.infer<typeof traceStepSchema>
