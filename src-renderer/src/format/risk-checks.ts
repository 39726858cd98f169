/** One rule's verdict in a risk step of a decision trace. */
export interface RiskCheckLine {
  readonly rule: string
  readonly outcome: 'passed' | 'modified' | 'rejected'
  readonly message: string
}

const OUTCOMES = new Set(['passed', 'modified', 'rejected'])

/**
 * The rule checks of a risk step's detail (`result.checks`), or null when it has none in the
 * shape the risk engine records (an older record, or another kind of risk event): the step is
 * then shown as its raw detail.
 */
export function riskChecksOf(detail: Readonly<Record<string, unknown>>): RiskCheckLine[] | null {
  const result = detail.result
  if (typeof result !== 'object' || result === null) return null
  const checks = (result as { checks?: unknown }).checks
  if (!Array.isArray(checks) || checks.length === 0) return null
  const lines: RiskCheckLine[] = []
  for (const check of checks as unknown[]) {
    if (typeof check !== 'object' || check === null) return null
    const { rule, outcome, message } = check as Record<string, unknown>
    if (typeof rule !== 'string' || typeof message !== 'string') return null
    if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) return null
    lines.push({ rule, outcome: outcome as RiskCheckLine['outcome'], message })
  }
  return lines
}
