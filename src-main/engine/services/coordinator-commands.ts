import { CommandError } from '../../../src-shared/result'
import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { isBreakerName } from '../risk'
import { cancelScheduledRebalances } from './cancel-scheduled-rebalances'
import { counted } from '../../../src-shared/counted'

type Handlers = Pick<
  CommandHandlers,
  | 'coordinator:status'
  | 'coordinator:pause'
  | 'coordinator:resume'
  | 'coordinator:pauseSymbol'
  | 'coordinator:resumeSymbol'
  | 'coordinator:runTask'
  | 'coordinator:enableTask'
  | 'coordinator:disableTask'
  | 'coordinator:killSwitch'
  | 'risk:status'
  | 'risk:resetBreaker'
>

/** Coordinator controls (pause/resume, tasks, kill switch) and the risk engine's breakers. */
export function coordinatorCommands(parts: EngineParts): Handlers {
  const { coordinator, risk, events, clock, portfolio, logger } = parts
  // Each change is pushed by the coordinator itself (coordinator.state, task.updated): the
  // handlers only answer.
  const transition = (result: { ok: true } | { ok: false; error: string }) => {
    if (!result.ok) throw new CommandError('CONFLICT', result.error)
    return coordinator.status()
  }
  const task = (
    result:
      | { ok: true; status: ReturnType<typeof coordinator.status>['tasks'][number] }
      | { ok: false; error: string },
  ) => {
    if (!result.ok) {
      throw new CommandError(
        result.error.includes('unknown') ? 'NOT_FOUND' : 'CONFLICT',
        result.error,
      )
    }
    return result.status
  }
  return {
    'coordinator:status': async () => coordinator.status(),
    'coordinator:pause': async () => transition(coordinator.pause('paused by the trader')),
    'coordinator:resume': async () => transition(coordinator.resume('resumed by the trader')),
    'coordinator:pauseSymbol': async ({ symbol }) => {
      if (!coordinator.symbols.includes(symbol)) {
        throw new CommandError('NOT_FOUND', `symbol=${symbol} is not traded`)
      }
      if (!coordinator.pauseSymbol(symbol, 'paused by the trader')) {
        throw new CommandError('CONFLICT', `symbol=${symbol} is already paused`)
      }
      return coordinator.status()
    },
    'coordinator:resumeSymbol': async ({ symbol }) => {
      if (!coordinator.resumeSymbol(symbol)) {
        throw new CommandError('CONFLICT', `symbol=${symbol} is not paused`)
      }
      return coordinator.status()
    },
    'coordinator:runTask': async ({ name }) => task(coordinator.runTaskNow(name)),
    'coordinator:enableTask': async ({ name }) => task(coordinator.enableTask(name)),
    'coordinator:disableTask': async ({ name }) => task(coordinator.disableTask(name)),
    'coordinator:killSwitch': async ({ closePositions }) => {
      const halted = await coordinator.killSwitch({ closePositions })
      // Batches decided before the halt would trade at once after a resume, at stale sizes.
      const batches = await cancelScheduledRebalances(portfolio.service, logger)
      const result = {
        ...halted,
        cancelledBatches: batches.cancelled,
        errors: [...halted.errors, ...batches.errors],
      }
      events.emit({
        type: 'system.notice',
        at: clock.now(),
        level: 'warning',
        message: `Kill switch: trading halted, ${counted(result.cancelledOrders, 'order')} and ${counted(result.cancelledBatches, 'scheduled rebalance batch', 'scheduled rebalance batches')} cancelled, ${counted(result.closedPositions, 'position')} closed`,
      })
      return result
    },
    'risk:status': async () => risk.status(),
    'risk:resetBreaker': async ({ name }) => {
      if (!isBreakerName(name))
        throw new CommandError('NOT_FOUND', `unknown circuit breaker name=${name}`)
      const result = await risk.resetBreaker(name, 'manual reset by the trader')
      if (!result.ok) throw new CommandError('CONFLICT', result.error)
      return risk.status()
    },
  }
}
