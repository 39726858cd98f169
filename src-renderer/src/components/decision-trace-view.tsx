import type { DecisionTrace, TraceStep, TradingDecision } from '../../../src-shared/contract'
import { formatConfidence } from '../../../src-shared/confidence-text'
import { detailLines } from '../format/detail-lines'
import { formatRatio } from '../format/numbers'
import { riskChecksOf } from '../format/risk-checks'
import { formatTime } from '../format/time'
import { KeyValueList } from './key-value-list'

/**
 * A step's detail: a risk step's rule checks one per line, the rules that changed or refused
 * the trade marked (its raw record reads as one long JSON line); other steps a short line per
 * field, as under an order's status (see {@link detailLines}), a fee in the places of the
 * trace's market's quote asset (a step does not name its market, the trace does).
 */
function StepDetail(props: { step: TraceStep; symbol: DecisionTrace['symbol'] }) {
  const { detail } = props.step
  const checks = props.step.kind === 'risk' ? riskChecksOf(detail) : null
  if (checks === null) {
    const lines = detailLines(detail, props.symbol)
    return lines.length > 0 ? (
      <div className="detail">
        {lines.map((line, index) => (
          <span key={`${index}-${line}`}>{line}</span>
        ))}
      </div>
    ) : null
  }
  return (
    <ul className="risk-checks" aria-label="Risk checks">
      {checks.map((check, index) => (
        <li key={`${check.rule}-${index}`} data-outcome={check.outcome}>
          <span className="outcome">{check.outcome}</span>
          <span>{check.message}</span>
        </li>
      ))}
    </ul>
  )
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
        <div style={{ padding: '8px 10px', overflowX: 'auto' }}>
          <KeyValueList
            label="Decision"
            items={[
              ['Action', <strong>{decision.action}</strong>],
              ['Confidence', formatConfidence(decision.confidence)],
              ['Model agreement', formatRatio(decision.agreement, 0)],
            ]}
          />
          <table className="data" aria-label="Model votes" style={{ marginTop: 8 }}>
            <thead>
              <tr>
                <th>Model</th>
                <th>Vote</th>
                <th className="num">Conf.</th>
                <th className="num">Latency</th>
                <th title="Voted with the consensus">Agreed</th>
              </tr>
            </thead>
            <tbody>
              {decision.votes.map((vote) => (
                <tr key={`${vote.provider}-${vote.model}`}>
                  {/* The provider under the model: the table fits a trace panel at 1024 px. */}
                  <td className="wrap">
                    <span className="mono">{vote.model}</span>
                    <span className="cell-note">{vote.provider}</span>
                  </td>
                  {/* Why a model did not vote is a sentence: wrapped, not cut at the panel's edge. */}
                  <td className="wrap">
                    {vote.isValid ? (
                      vote.action
                    ) : vote.wasAsked ? (
                      <span className="down">{`no vote: ${vote.error ?? 'invalid answer'}`}</span>
                    ) : (
                      <span className="muted">{`not asked: ${vote.error ?? 'not available'}`}</span>
                    )}
                  </td>
                  <td className="num">{formatConfidence(vote.confidence)}</td>
                  <td className="num">{vote.wasAsked ? `${vote.latencyMs} ms` : '—'}</td>
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
              <StepDetail step={step} symbol={trace.symbol} />
            </li>
          ))}
        </ol>
      )}
    </div>
  )
}
