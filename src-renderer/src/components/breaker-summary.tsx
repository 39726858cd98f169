import { asWords } from '../../../src-shared/words'
import type { BreakerStatus } from '../../../src-shared/contract'
import { Pill } from './pill'

/** Names every tripped circuit breaker in red, or says all are clear. */
export function BreakerSummary(props: { breakers: readonly BreakerStatus[] | null }) {
  if (!props.breakers) return <span className="muted">—</span>
  const tripped = props.breakers.filter((breaker) => breaker.isTripped)
  if (tripped.length === 0) {
    return (
      <Pill tone="good" title={props.breakers.map((breaker) => breaker.name).join(', ')}>
        {`All clear (${props.breakers.length})`}
      </Pill>
    )
  }
  return (
    <span className="breakers">
      {tripped.map((breaker) => (
        <Pill key={breaker.name} tone="bad" hasDot title={breaker.reason ?? breaker.resetCondition}>
          {asWords(breaker.name)}
        </Pill>
      ))}
    </span>
  )
}
