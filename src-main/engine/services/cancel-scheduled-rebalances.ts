import type { Logger } from '../logging/logger'
import type { PortfolioService } from '../portfolio'
import { errorText } from '../coordinator'

/**
 * Cancels every pending DCA batch, rebalance by rebalance; for the kill switch. Returns how
 * many were cancelled and what failed, never throws: the halt has happened either way.
 */
export async function cancelScheduledRebalances(
  service: Pick<PortfolioService, 'pendingBatches' | 'cancelRebalance'>,
  logger: Logger,
): Promise<{ cancelled: number; errors: string[] }> {
  const errors: string[] = []
  let cancelled = 0
  try {
    const rebalances = new Set((await service.pendingBatches()).map((batch) => batch.rebalanceId))
    for (const rebalanceId of rebalances) {
      try {
        cancelled += await service.cancelRebalance(rebalanceId)
      } catch (error) {
        logger.error({ err: error, rebalanceId }, 'kill switch could not cancel a rebalance')
        errors.push(`rebalance ${rebalanceId}: ${errorText(error)}`)
      }
    }
  } catch (error) {
    logger.error({ err: error }, 'kill switch could not read the scheduled rebalance batches')
    errors.push(`scheduled rebalance batches: ${errorText(error)}`)
  }
  return { cancelled, errors }
}
