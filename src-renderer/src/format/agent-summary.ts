/**
 * Returns a one-line summary of an agent's output for feeds and tables: the fields a trader
 * scans for (action, signal, regime, bias, confidence), in that order, from whatever JSON
 * the agent produced. Display only: the engine's validated output stays authoritative.
 */
export function summarizeAgentOutput(output: unknown, error: string | null = null): string {
  if (error) return `error: ${error}`
  if (output === null || output === undefined) return 'no output'
  if (typeof output !== 'object') return String(output)
  const record = output as Record<string, unknown>
  const parts: string[] = []
  for (const key of ['action', 'signal', 'regime', 'bias', 'trend', 'sentiment']) {
    const value = record[key]
    if (typeof value === 'string' || typeof value === 'number')
      parts.push(String(value).toUpperCase())
  }
  const confidence = record.confidence
  if (typeof confidence === 'number' && Number.isFinite(confidence)) {
    parts.push(`conf ${(confidence <= 1 ? confidence * 100 : confidence).toFixed(0)}%`)
  }
  if (parts.length > 0) return parts.join(' · ')
  const reasoning = record.reasoning ?? record.summary
  if (typeof reasoning === 'string') return reasoning.slice(0, 120)
  return JSON.stringify(output).slice(0, 120)
}
