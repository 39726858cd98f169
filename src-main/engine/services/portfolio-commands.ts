import { CommandError } from '../../../src-shared/result'
import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { toRebalanceBatchDto } from '../portfolio'
import { isUuid } from './uuid'

type Handlers = Pick<
  CommandHandlers,
  | 'portfolio:allocation'
  | 'portfolio:rebalance'
  | 'portfolio:equityCurve'
  | 'portfolio:pendingBatches'
  | 'portfolio:cancelBatch'
  | 'portfolio:cancelRebalance'
>

/**
 * Allocation vs target, forced rebalance, the equity curve, and the DCA batches scheduled to
 * trade: listed, cancelled one by one or by rebalance.
 */
export function portfolioCommands(parts: EngineParts): Handlers {
  const { service } = parts.portfolio
  return {
    'portfolio:allocation': async () => service.allocation(),
    'portfolio:rebalance': async ({ force }) => service.rebalance({ force }),
    'portfolio:equityCurve': async (input) =>
      service.equityCurve({
        ...(input.fromMs !== undefined ? { fromMs: input.fromMs } : {}),
        ...(input.toMs !== undefined ? { toMs: input.toMs } : {}),
        ...(input.maxPoints !== undefined ? { maxPoints: input.maxPoints } : {}),
      }),
    'portfolio:pendingBatches': async () =>
      (await service.pendingBatches()).map(toRebalanceBatchDto),
    'portfolio:cancelBatch': async ({ id }) => {
      const notFound = new CommandError('NOT_FOUND', `rebalance batch id=${id} not found`)
      if (!isUuid(id)) throw notFound
      const isCancelled = await service.cancelBatch(id)
      const batch = await service.batch(id)
      if (!batch) throw notFound
      // Like a terminal order: a batch already sent or done is refused, naming its status.
      if (!isCancelled) {
        throw new CommandError(
          'CONFLICT',
          `rebalance batch id=${id} is already ${batch.status}; only a pending batch can be cancelled`,
        )
      }
      return toRebalanceBatchDto(batch)
    },
    'portfolio:cancelRebalance': async ({ id }) => ({
      // A rebalance id that is no UUID has no batches to cancel.
      cancelled: isUuid(id) ? await service.cancelRebalance(id) : 0,
    }),
  }
}
