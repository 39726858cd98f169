import type { RiskState } from './risk-state'

/** Where the risk engine keeps its state so that a restart never re-arms a tripped breaker. */
export interface RiskStateRepository {
  /** Returns the last saved state, or null when none was ever saved. */
  load(): Promise<RiskState | null>
  /** Replaces the saved state. */
  save(state: RiskState): Promise<void>
}
