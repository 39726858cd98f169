import type { Position } from '../../../src-shared/contract'
import { formatPct, formatPrice } from '../format/numbers'
import { Pill } from './pill'

/** Shows a trailing stop as off, armed (waiting for activation) or active (trailing). */
export function TrailingState(props: { trailing: Position['trailingStop'] }) {
  const { trailing } = props
  if (!trailing || !trailing.isEnabled) return <span className="muted">off</span>
  if (!trailing.isActive) {
    return (
      <Pill tone="info" title={`activates at ${formatPct(trailing.activationPct)} profit`}>
        {`armed +${formatPct(trailing.activationPct, 1)} / ${formatPct(trailing.distancePct, 1)}`}
      </Pill>
    )
  }
  return (
    <Pill tone="good" title={`trailing ${formatPct(trailing.distancePct)} from the extreme`}>
      {`trailing ${formatPct(trailing.distancePct, 1)} from ${formatPrice(trailing.extremePrice)}`}
    </Pill>
  )
}
