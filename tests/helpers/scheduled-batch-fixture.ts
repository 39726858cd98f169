import Decimal from 'decimal.js'
import type { NewScheduledBatch } from '../../src-main/engine/portfolio/scheduled-batch'

/** A $100 market buy batch of a two-batch rebalance; tests name what they are about. */
export function aBuyBatch(
  fields: Pick<NewScheduledBatch, 'id' | 'rebalanceId' | 'symbol' | 'batchIndex' | 'dueAtMs'>,
): NewScheduledBatch {
  return {
    side: 'buy',
    amountUsd: new Decimal('100'),
    executionType: 'market',
    priority: 1,
    batchCount: 2,
    correlationId: null,
    createdAtMs: fields.dueAtMs - 60_000,
    ...fields,
  }
}
