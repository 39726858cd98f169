import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'

type Handlers = Pick<CommandHandlers, 'market:candles' | 'market:snapshot'>

/** Candles with overlays for charts, and the latest market snapshot with TA and regime. */
export function marketCommands(parts: EngineParts): Handlers {
  return {
    'market:candles': async (input) => parts.market.series.candles(input),
    'market:snapshot': async (input) => parts.market.snapshotQuery.snapshot(input),
  }
}
