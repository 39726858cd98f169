import type { ConnectionState } from '../api/connection'
import { Pill } from './pill'

const TEXT = {
  connected: 'Connected',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  disconnected: 'Disconnected',
} as const

/** Shows whether live events are arriving, and why not when they are not. */
export function ConnectionIndicator(props: { connection: ConnectionState }) {
  const { status, attempt, lastError } = props.connection
  const tone = status === 'connected' ? 'good' : status === 'disconnected' ? 'bad' : 'warn'
  const detail =
    status === 'reconnecting'
      ? `attempt ${attempt}${lastError ? ` — ${lastError}` : ''}`
      : (lastError ?? undefined)
  return (
    <Pill tone={tone} hasDot {...(detail ? { title: detail } : {})}>
      {TEXT[status]}
    </Pill>
  )
}
