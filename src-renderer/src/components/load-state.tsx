import type { ReactNode } from 'react'
import type { Loadable } from '../store/loadable'
import { ErrorMessage } from './error-message'

/**
 * Renders the loading, error and empty states of a Loadable, and `children(data)` once there
 * is something to show. Stale data stays on screen with the error above it. Without `empty`
 * the data is always shown (a status object has no empty state).
 */
export function LoadState<T>(props: {
  loadable: Loadable<T>
  /** What to say when the data is loaded but empty (an empty array unless `isEmpty` says). */
  empty?: ReactNode
  isEmpty?: (data: T) => boolean
  onRetry?: () => void
  label?: string
  children: (data: T) => ReactNode
}) {
  const { data, isLoading, error } = props.loadable
  const error_ = error ? (
    <ErrorMessage
      error={error}
      {...(props.label ? { prefix: `Could not load ${props.label}` } : {})}
      {...(props.onRetry ? { onRetry: props.onRetry } : {})}
    />
  ) : null
  if (data === null) {
    if (error_) return <div className="state-box">{error_}</div>
    return (
      <div className="state-box loading" role="status" aria-busy="true">
        <span>{`Loading${props.label ? ` ${props.label}` : ''}…`}</span>
      </div>
    )
  }
  const isEmpty = props.isEmpty?.(data) ?? (Array.isArray(data) && data.length === 0)
  if (props.empty !== undefined && isEmpty) {
    return (
      <>
        {error_}
        <div className="state-box" role="status" aria-busy={isLoading}>
          {props.empty}
        </div>
      </>
    )
  }
  return (
    <>
      {error_}
      {props.children(data)}
    </>
  )
}
