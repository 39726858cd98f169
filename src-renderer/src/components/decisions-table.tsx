import type { ModelVote, TradingDecision } from '../../../src-shared/contract'
import { formatConfidence } from '../../../src-shared/confidence-text'
import { formatPrice, formatRatio } from '../format/numbers'
import { formatTime } from '../format/time'

/** Recent trading decisions: action, confidence, agreement and each model's vote. */
export function DecisionsTable(props: {
  decisions: readonly TradingDecision[]
  selected: string | null
  onOpenTrace: (correlationId: string) => void
}) {
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Trading decisions">
        <thead>
          <tr>
            <th>Time</th>
            <th>Symbol</th>
            <th>Action</th>
            <th className="num">Conf.</th>
            <th className="num">Agree</th>
            <th className="num">Entry</th>
            <th className="num">
              <abbr title="Stop-loss over take-profit">SL / TP</abbr>
            </th>
            <th>Votes</th>
            <th className="num">Trace</th>
          </tr>
        </thead>
        <tbody>
          {props.decisions.map((decision) => (
            <tr
              key={decision.id}
              aria-selected={props.selected === decision.correlationId}
              style={
                props.selected === decision.correlationId ? { background: '#1a2333' } : undefined
              }
            >
              <td className="tabular muted">{formatTime(decision.createdAt)}</td>
              <td>
                <strong>{decision.symbol}</strong>
              </td>
              <td
                className={`side-${decision.action.toLowerCase() === 'sell' ? 'sell' : decision.action.toLowerCase() === 'buy' ? 'buy' : ''}`}
              >
                {decision.action}
              </td>
              <td className="num">{formatConfidence(decision.confidence)}</td>
              <td className="num">{formatRatio(decision.agreement, 0)}</td>
              <td className="num">{formatPrice(decision.entryPrice)}</td>
              {/* One over the other: a column less, so the table fits beside the trace at 1024 px. */}
              <td className="num">
                <span className="cell-line">{formatPrice(decision.stopLoss)}</span>
                <span className="cell-line">{formatPrice(decision.takeProfit)}</span>
              </td>
              <td className="muted" title={decision.votes.map(describeVote).join('\n')}>
                {votesInBrief(decision.votes)}
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="button ghost small"
                  aria-label={`Open trace ${decision.correlationId}`}
                  onClick={() => props.onOpenTrace(decision.correlationId)}
                >
                  Trace
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/**
 * The votes of the models that were asked, a letter each (B, S, H; × for no valid answer).
 * Models never asked (no API key) are left out: they did not vote against anything.
 */
function votesInBrief(votes: readonly ModelVote[]): string {
  const asked = votes.filter((vote) => vote.wasAsked)
  return asked.length === 0 ? '—' : asked.map((vote) => vote.action?.[0] ?? '×').join(' ')
}

/** One model's line in the votes' tooltip. */
function describeVote(vote: ModelVote): string {
  if (!vote.wasAsked) return `${vote.model}: not asked`
  return `${vote.model}: ${vote.action ?? 'invalid'}`
}
