import { directionOf, formatPct, formatUsd } from '../format/numbers'

/** A P&L amount coloured green for gains and red for losses, with an explicit sign. */
export function SignedValue(props: {
  value: string | number | null | undefined
  kind?: 'usd' | 'pct'
  label?: string
}) {
  const text = props.kind === 'pct' ? formatPct(props.value, 2, true) : formatUsd(props.value, true)
  return (
    <span
      className={`num ${directionOf(props.value)}`}
      {...(props.label ? { 'aria-label': `${props.label} ${text}` } : {})}
    >
      {text}
    </span>
  )
}
