import { errorText } from '../coordinator'
import type { Logger } from '../logging/logger'
import type { PortfolioService } from '../portfolio'

/**
 * Cancels every pending DCA batch for the kill switch. Returns how many were cancelled and
 * what failed, never throws: the halt has happened either way.
 */
export async function cancelScheduledRebalances(
  service: Pick<PortfolioService, 'cancelAllBatches'>,
  logger: Logger,
): Promise<{ cancelled: number; errors: string[] }> {
  try {
    return { cancelled: await service.cancelAllBatches('kill switch'), errors: [] }
  } catch (error) {
    logger.error({ err: error }, 'kill switch could not cancel the scheduled rebalance batches')
    return { cancelled: 0, errors: [`scheduled rebalance batches: ${errorText(error)}`] }
  }
}
