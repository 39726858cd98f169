/** PAPER, REPLAY or LIVE; live is solid red and pulsing so it cannot be mistaken. */
export function ModeBadge(props: { mode: 'paper' | 'live' | 'replay' | null }) {
  const mode = props.mode ?? 'unknown'
  const text = props.mode ? props.mode.toUpperCase() : '—'
  const description =
    props.mode === 'live'
      ? 'LIVE: real orders with real money'
      : props.mode === 'paper'
        ? 'PAPER: simulated orders, no real money'
        : props.mode === 'replay'
          ? 'REPLAY: recorded market data, simulated orders'
          : 'mode unknown'
  return (
    <span
      className="mode-badge"
      data-mode={mode}
      role="img"
      aria-label={`Trading mode ${description}`}
      title={description}
    >
      {text}
    </span>
  )
}
