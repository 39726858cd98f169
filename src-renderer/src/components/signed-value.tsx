import { directionOf, formatPct, formatQuoteAmount, formatUsd } from '../format/numbers'

/**
 * A P&L amount coloured green for gains and red for losses, with an explicit sign: one
 * market's in its quote asset's places when given its `symbol` (XRP/BTC's in BTC, so a small
 * gain does not read "+0.00"), a total across markets in dollars.
 */
export function SignedValue(props: {
  value: string | number | null | undefined
  kind?: 'money' | 'pct'
  symbol?: string
  label?: string
}) {
  const text =
    props.kind === 'pct'
      ? formatPct(props.value, 2, true)
      : props.symbol
        ? formatQuoteAmount(props.value, props.symbol, true)
        : formatUsd(props.value, true)
  return (
    <span
      className={`num ${directionOf(props.value)}`}
      {...(props.label ? { 'aria-label': `${props.label} ${text}` } : {})}
    >
      {text}
    </span>
  )
}
