import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'

type Handlers = Pick<
  CommandHandlers,
  'portfolio:allocation' | 'portfolio:rebalance' | 'portfolio:equityCurve'
>

/** Allocation vs target, forced rebalance and the equity curve. */
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
  }
}
