import { asWords } from '../../../src-shared/words'
import type { FeedItem } from '../store/decisions-store'
import { formatTime } from '../format/time'

/** Agent outputs, newest first; those with a correlation id open their trace. */
export function AgentFeed(props: {
  items: readonly FeedItem[]
  onOpenTrace: (correlationId: string) => void
}) {
  return (
    <ul className="feed agents" aria-label="Agent outputs">
      {props.items.map((item) => (
        <li key={item.id} data-level={item.isValid ? 'info' : 'error'}>
          <span className="tabular muted">{formatTime(item.at)}</span>
          <span className="muted" title={item.model ?? undefined}>
            {asWords(item.agent)}
          </span>
          <span className="text" title={item.summary}>
            <strong>{item.symbol ?? 'portfolio'}</strong> {item.summary}
          </span>
          {item.correlationId ? (
            <button
              type="button"
              className="button ghost small"
              aria-label={`Open trace ${item.correlationId}`}
              onClick={() => props.onOpenTrace(item.correlationId as string)}
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
}
