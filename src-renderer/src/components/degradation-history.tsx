import type { CoordinatorStatus } from '../../../src-shared/contract'
import { formatDateTime } from '../format/time'
import { degradationTone } from '../format/tones'
import { Pill } from './pill'

/**
 * Degradation and recovery steps, newest first. The engine's reason sits under the change,
 * wrapped at its spaces: a column of its own beside the pills, in half a 1024 px window,
 * was squeezed to a few letters a line.
 */
export function DegradationHistory(props: { history: CoordinatorStatus['degradationHistory'] }) {
  if (props.history.length === 0) {
    return (
      <div className="state-box" role="status">
        No degradation so far: every provider has stayed healthy.
      </div>
    )
  }
  const rows = [...props.history].sort((a, b) => b.at - a.at)
  return (
    <table className="data" aria-label="Degradation history">
      <thead>
        <tr>
          <th>Time</th>
          <th>Change and reason</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((change, index) => {
          const isRecovery = levelRank(change.to) < levelRank(change.from)
          return (
            <tr key={`${change.at}-${index}`}>
              <td className="tabular muted">{formatDateTime(change.at)}</td>
              <td>
                <Pill tone={degradationTone(change.from)}>{change.from}</Pill>
                {' → '}
                <Pill tone={degradationTone(change.to)}>{change.to}</Pill>
                <span className={isRecovery ? 'up' : 'warn-text'}>
                  {isRecovery ? ' recovery' : ' degraded'}
                </span>
                <span className="cell-note reason-note">{change.reason}</span>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

const LEVELS = ['NORMAL', 'REDUCED', 'LIMITED', 'EMERGENCY']
const levelRank = (level: string) => LEVELS.indexOf(level)
