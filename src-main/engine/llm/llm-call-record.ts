import type Decimal from 'decimal.js'
import type { ProviderName } from './llm-types'

/** Why a call was made within one agent run. */
export type LlmCallPurpose = 'answer' | 'retry' | 'repair'

/** The accounting row of one provider call (table llm_calls). */
export interface LlmCallRecord {
  readonly createdAtMs: number
  readonly agent: string
  readonly provider: ProviderName
  /** The provider's model id. */
  readonly model: string
  readonly correlationId: string | null
  readonly requestHash: string
  readonly purpose: LlmCallPurpose
  readonly latencyMs: number
  readonly inputTokens: number
  readonly outputTokens: number
  readonly costUsd: Decimal
  readonly isSuccess: boolean
  readonly isFromRecording: boolean
  /** `kind: message` of a failed call. */
  readonly error: string | null
}

/** Where call accounting goes; the store's LlmCallRepository implements it. */
export interface LlmCallSink {
  record(call: LlmCallRecord): Promise<void>
}
