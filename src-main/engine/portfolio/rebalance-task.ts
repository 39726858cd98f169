import type { TaskRunner } from '../coordinator'
import type { PortfolioService } from './portfolio-service'

/**
 * The coordinator's `portfolio_rebalance` task (hourly, orchestration.yaml): one unforced
 * rebalance check under the run's correlation id. A check that cannot read the balances
 * rejects, which the coordinator counts as a failure of the agent.
 */
export function rebalanceTask(service: Pick<PortfolioService, 'rebalance'>): TaskRunner {
  return async (_symbol, context) => {
    await service.rebalance({ correlationId: context.correlationId })
  }
}
