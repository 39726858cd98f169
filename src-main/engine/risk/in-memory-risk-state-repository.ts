import type { RiskState } from './risk-state'
import type { RiskStateRepository } from './risk-state-repository'

/** Keeps the risk state in memory; for tests and hosts without a database. */
export class InMemoryRiskStateRepository implements RiskStateRepository {
  private state: RiskState | null
  private saveCount = 0

  constructor(initial: RiskState | null = null) {
    this.state = initial
  }

  async load(): Promise<RiskState | null> {
    return this.state
  }

  async save(state: RiskState): Promise<void> {
    this.state = state
    this.saveCount++
  }

  /** Returns the last saved state without going through a promise. */
  current(): RiskState | null {
    return this.state
  }

  /** Returns how many times the state was saved. */
  saves(): number {
    return this.saveCount
  }
}
