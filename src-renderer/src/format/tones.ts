import type { Tone } from '../components/pill'

/** Returns the colour tone of a coordinator state. */
export function coordinatorTone(state: string | undefined): Tone {
  if (state === 'RUNNING') return 'good'
  if (state === 'PAUSED') return 'warn'
  if (state === 'HALTED') return 'bad'
  return 'neutral'
}

/** Returns the colour tone of a degradation level. */
export function degradationTone(level: string | undefined): Tone {
  if (level === 'NORMAL') return 'good'
  if (level === 'REDUCED') return 'info'
  if (level === 'LIMITED') return 'warn'
  if (level === 'EMERGENCY') return 'bad'
  return 'neutral'
}

/** Returns the colour tone of an order status. */
export function orderStatusTone(status: string): Tone {
  if (status === 'FILLED') return 'good'
  if (status === 'PARTIALLY_FILLED' || status === 'OPEN' || status === 'PENDING') return 'info'
  if (status === 'ERROR') return 'bad'
  return 'neutral'
}
