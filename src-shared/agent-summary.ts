import { formatConfidence } from './confidence-text'
import { asCapitalisedWords } from './words'

/** How each field a trader scans for is shown, in the order they are shown. */
const FIELDS: readonly (readonly [string, (value: string) => string])[] = [
  ['action', (value) => value.toUpperCase()],
  ['signal', (value) => value.toUpperCase()],
  ['regime', asCapitalisedWords],
  ['trend_direction', (value) => value],
  ['bias', (value) => `bias ${value}`],
  ['trend', (value) => value.toUpperCase()],
  ['sentiment', (value) => value.toUpperCase()],
]

/**
 * Returns a one-line summary of an agent's output for feeds and tables: the fields a trader
 * scans for (action, signal, regime, trend, bias, confidence), in that order, from whatever
 * JSON the agent produced. Shared by the engine (live agent events) and the UI (stored
 * outputs), so an output reads the same wherever it is shown. Display only: the engine's
 * validated output stays authoritative.
 */
export function summarizeAgentOutput(output: unknown, error: string | null = null): string {
  if (error) return `error: ${error}`
  if (output === null || output === undefined) return 'no output'
  if (typeof output !== 'object') return String(output)
  const record = output as Record<string, unknown>
  const parts: string[] = []
  for (const [key, show] of FIELDS) {
    const value = record[key]
    if (typeof value === 'string' || typeof value === 'number') parts.push(show(String(value)))
  }
  const confidence = record.confidence
  if (typeof confidence === 'number' && Number.isFinite(confidence)) {
    parts.push(`conf ${formatConfidence(confidence)}`)
  }
  if (parts.length > 0) return parts.join(' · ')
  const reasoning = record.reasoning ?? record.summary
  if (typeof reasoning === 'string') return reasoning.slice(0, 120)
  return JSON.stringify(output).slice(0, 120)
}
