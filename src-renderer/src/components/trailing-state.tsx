import type { Position } from '../../../src-shared/contract'
import { formatPct, formatPrice } from '../format/numbers'
import { Pill } from './pill'

/** Shows a trailing stop as off, armed (waiting for activation) or active (trailing). */
export function TrailingState(props: { trailing: Position['trailingStop'] }) {
  const { trailing } = props
  if (!trailing || !trailing.isEnabled) return <span className="muted">off</span>
  // The second part on a line of its own keeps the column narrow enough for a 1024 px window.
  if (!trailing.isActive) {
    return (
      <>
        <Pill tone="info" title={`activates at ${formatPct(trailing.activationPct)} profit`}>
          {`armed at +${formatPct(trailing.activationPct, 1)}`}
        </Pill>
        <span className="cell-note">{`then trails ${formatPct(trailing.distancePct, 1)}`}</span>
      </>
    )
  }
  return (
    <>
      <Pill tone="good" title={`trailing ${formatPct(trailing.distancePct)} from the extreme`}>
        {`trailing ${formatPct(trailing.distancePct, 1)}`}
      </Pill>
      <span className="cell-note">{`from ${formatPrice(trailing.extremePrice)}`}</span>
    </>
  )
}
