import type { Order } from '../../../src-shared/contract'
import { formatTime } from '../format/time'

/** An order's status changes left to right, each with its time and details. */
export function OrderTimeline(props: { timeline: NonNullable<Order['timeline']> }) {
  if (props.timeline.length === 0) {
    return <p className="muted">No status changes recorded.</p>
  }
  return (
    <ol className="timeline" aria-label="Status timeline">
      {props.timeline.map((step, index) => (
        <li
          key={`${step.status}-${step.at}-${index}`}
          className="timeline-step"
          data-status={step.status}
        >
          <strong>{step.status}</strong>
          <span className="tabular muted">{formatTime(step.at)}</span>
          {step.details ? (
            <span className="mono muted">
              {Object.entries(step.details)
                .map(
                  ([key, value]) =>
                    `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
                )
                .join(' ')}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  )
}
