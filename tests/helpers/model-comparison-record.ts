import Decimal from 'decimal.js'
import type { ModelComparisonRecord } from '../../src-main/engine/store'
import { numberedUuids } from './numbered-uuids'

const nextId = numberedUuids()

/**
 * One model's valid BUY answer to a trading decision at 2025-01-01 00:00 UTC, priced at
 * 50,000; each with its own id.
 */
export function aModelComparisonRecord(
  overrides: Partial<ModelComparisonRecord> = {},
): ModelComparisonRecord {
  return {
    id: nextId(),
    decisionId: '00000000-0000-4000-8000-000000000001',
    correlationId: 'c-1',
    symbol: 'BTC/USDT',
    provider: 'openai',
    model: 'gpt-4o',
    createdAtMs: Date.UTC(2025, 0, 1),
    action: 'BUY',
    confidence: 0.7,
    entryPrice: new Decimal('50000'),
    stopLoss: new Decimal('49000'),
    takeProfit: new Decimal('52000'),
    latencyMs: 900,
    costUsd: new Decimal('0.01'),
    isValid: true,
    isBaseline: false,
    wasAsked: true,
    error: null,
    agreedWithConsensus: true,
    priceAtDecision: new Decimal('50000'),
    ...overrides,
  }
}
