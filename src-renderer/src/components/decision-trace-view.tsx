import type { DecisionTrace, TradingDecision } from '../../../src-shared/contract'
import { formatRatio } from '../format/numbers'
import { formatTime } from '../format/time'
import { KeyValueList } from './key-value-list'

function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(
      ([key, value]) =>
        `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`,
    )
    .join('  ')
}

/**
 * Everything tied to one correlation id, in time order: signals, each model's vote,
 * conflicts and resolution, every risk check, the order and its fills.
 */
export function DecisionTraceView(props: {
  trace: DecisionTrace
  decision: TradingDecision | null
}) {
  const { trace, decision } = props
  const counts = new Map<string, number>()
  for (const step of trace.steps) counts.set(step.kind, (counts.get(step.kind) ?? 0) + 1)
  return (
    <div>
      <div className="summary-strip">
        <div className="metric">
          <span className="label">Correlation id</span>
          <span className="value mono">{trace.correlationId}</span>
        </div>
        <div className="metric">
          <span className="label">Symbol</span>
          <span className="value">{trace.symbol ?? '—'}</span>
        </div>
        <div className="metric">
          <span className="label">Steps</span>
          <span className="value">{trace.steps.length}</span>
        </div>
        <div className="metric">
          <span className="label">Risk checks</span>
          <span className="value">{counts.get('risk') ?? 0}</span>
        </div>
      </div>
      {decision ? (
        <div style={{ padding: '8px 10px' }}>
          <KeyValueList
            label="Decision"
            items={[
              ['Action', <strong>{decision.action}</strong>],
              ['Confidence', formatRatio(decision.confidence, 0)],
              ['Model agreement', formatRatio(decision.agreement, 0)],
            ]}
          />
          <table className="data" aria-label="Model votes" style={{ marginTop: 8 }}>
            <thead>
              <tr>
                <th>Model</th>
                <th>Provider</th>
                <th>Vote</th>
                <th className="num">Conf.</th>
                <th className="num">Latency</th>
                <th>With consensus</th>
              </tr>
            </thead>
            <tbody>
              {decision.votes.map((vote) => (
                <tr key={`${vote.provider}-${vote.model}`}>
                  <td className="mono">{vote.model}</td>
                  <td className="muted">{vote.provider}</td>
                  <td>
                    {vote.isValid ? (
                      vote.action
                    ) : (
                      <span className="down">{`invalid: ${vote.error ?? ''}`}</span>
                    )}
                  </td>
                  <td className="num">{formatRatio(vote.confidence, 0)}</td>
                  <td className="num">{`${vote.latencyMs} ms`}</td>
                  <td>
                    {vote.agreedWithConsensus === null
                      ? '—'
                      : vote.agreedWithConsensus
                        ? 'yes'
                        : 'no'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {trace.steps.length === 0 ? (
        <div className="state-box" role="status">
          Nothing was recorded for this correlation id.
        </div>
      ) : (
        <ol className="trace" aria-label="Decision trace steps">
          {trace.steps.map((step, index) => (
            <li key={`${step.at}-${index}`}>
              <span className="tabular muted">{formatTime(step.at)}</span>
              <span className="kind-badge" data-kind={step.kind}>
                {step.kind}
              </span>
              <span>{step.title}</span>
              {Object.keys(step.detail).length > 0 ? (
                <span className="detail">{detailText(step.detail)}</span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
