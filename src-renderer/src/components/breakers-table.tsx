import { asWords } from '../../../src-shared/words'
import type { RiskStatus } from '../../../src-shared/contract'
import { formatDateTime } from '../format/time'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'
import { Pill } from './pill'

/**
 * Circuit breakers with trip time and reason and reset condition; tripped ones can be reset.
 * The reason sits under the trip time: a column of its own, empty while all is clear, took
 * the room the reset condition needs in half a 1024 px window.
 */
export function BreakersTable(props: { status: RiskStatus }) {
  const resetting = useStoreState('risk', (state) => state.resetting)
  const resetError = useStoreState('risk', (state) => state.resetError)
  const { resetBreaker } = useActions('risk')
  return (
    <table className="data" aria-label="Circuit breakers">
      <thead>
        <tr>
          <th>Breaker</th>
          <th>State</th>
          <th>Tripped</th>
          <th>Resets</th>
          <th className="num">Actions</th>
        </tr>
      </thead>
      <tbody>
        {props.status.breakers.map((breaker) => (
          <tr key={breaker.name}>
            <td>{asWords(breaker.name)}</td>
            <td>
              <Pill tone={breaker.isTripped ? 'bad' : 'good'} hasDot>
                {breaker.isTripped ? 'tripped' : 'clear'}
              </Pill>
            </td>
            <td className="tabular muted">
              {formatDateTime(breaker.trippedAt)}
              {breaker.reason ? (
                <span className="cell-note reason-note">{breaker.reason}</span>
              ) : null}
            </td>
            <td className="muted wrap">{breaker.resetCondition}</td>
            <td className="actions">
              {resetError?.breaker === breaker.name ? (
                <ErrorMessage error={resetError.error} />
              ) : null}
              {breaker.isTripped ? (
                <button
                  type="button"
                  className="button small warn"
                  disabled={resetting === breaker.name}
                  aria-label={`Reset breaker ${asWords(breaker.name)}`}
                  onClick={() => void resetBreaker(breaker.name)}
                >
                  Reset
                </button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
