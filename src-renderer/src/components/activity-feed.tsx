import { memo } from 'react'
import type { ActivityEntry } from '../format/event-summary'
import { formatTime } from '../format/time'

/** The recent-events feed: newest first, coloured by level. */
export const ActivityFeed = memo(function ActivityFeed(props: {
  entries: readonly ActivityEntry[]
  limit?: number
  onOpenTrace?: (correlationId: string) => void
}) {
  const entries = props.entries.slice(0, props.limit ?? 50)
  if (entries.length === 0) {
    return (
      <div className="state-box" role="status">
        No events yet. Fills, order updates, risk alerts and state changes appear here as they
        happen.
      </div>
    )
  }
  return (
    <ul className="feed" aria-label="Recent events">
      {entries.map((entry) => (
        <li key={entry.id} data-level={entry.level}>
          <span className="tabular muted">{formatTime(entry.at)}</span>
          <span className="muted">{entry.category}</span>
          <span className="text" title={entry.text}>
            {entry.text}
          </span>
          {entry.correlationId && props.onOpenTrace ? (
            <button
              type="button"
              className="button ghost small"
              onClick={() => props.onOpenTrace?.(entry.correlationId as string)}
              aria-label={`Open trace ${entry.correlationId}`}
            >
              Trace
            </button>
          ) : (
            <span />
          )}
        </li>
      ))}
    </ul>
  )
})
