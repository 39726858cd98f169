import { asWords } from '../../../src-shared/words'
import type { Order } from '../../../src-shared/contract'
import { detailLines } from '../format/detail-lines'
import { formatTime } from '../format/time'

/**
 * An order's status changes left to right, each with its status in words (as the status pill
 * shows it), its time, and its details a short line each (see {@link detailLines}), its fee in
 * the places of the order's quote asset.
 */
export function OrderTimeline(props: {
  timeline: NonNullable<Order['timeline']>
  symbol: Order['symbol']
}) {
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
          <strong>{asWords(step.status)}</strong>
          <span className="tabular muted">{formatTime(step.at)}</span>
          {step.details
            ? detailLines(step.details, props.symbol).map((line) => (
                <span key={line} className="muted timeline-detail">
                  {line}
                </span>
              ))
            : null}
        </li>
      ))}
    </ol>
  )
}
