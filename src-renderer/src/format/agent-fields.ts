import { formatConfidence } from '../../../src-shared/confidence-text'
import { asCapitalisedWords } from '../../../src-shared/words'
import { asWords } from '../../../src-shared/words'
import { DECIMAL_TEXT_PATTERN } from '../../../src-shared/contract/primitives'
import { DASH, formatPrice } from './numbers'

/**
 * Returns one agent output value as text: numbers to 2 or 3 places, decimal texts (key
 * levels) as prices, lists comma-separated, nested fields as `name value · name value`
 * (each through {@link formatAgentField}); nothing as a dash.
 */
export function formatAgentValue(value: unknown): string {
  if (value === null || value === undefined) return DASH
  if (typeof value === 'string' && DECIMAL_TEXT_PATTERN.test(value)) return formatPrice(value)
  if (typeof value === 'number') {
    const places = Math.abs(value) < 1 ? 3 : 2
    return value.toLocaleString('en-US', {
      minimumFractionDigits: places,
      maximumFractionDigits: places,
    })
  }
  if (Array.isArray(value))
    return value.length === 0 ? DASH : value.map(formatAgentValue).join(', ')
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([name, field]) => `${asWords(name)} ${formatAgentField(name, field)}`)
      .join(' · ')
  }
  return String(value)
}

/**
 * Returns an agent output field's value as text, by its name: a confidence and a regime as
 * every view shows them (see {@link formatConfidenceOrRegime}), anything else as
 * {@link formatAgentValue} does.
 */
export function formatAgentField(name: string, value: unknown): string {
  return formatConfidenceOrRegime(name, value) ?? formatAgentValue(value)
}

/** Fields holding a fraction the views show as a percentage. */
const FRACTION_FIELDS = new Set(['confidence', 'agreement'])

/**
 * Returns a field named `confidence` or `agreement` (a number) as "72%" or `regime` (a text)
 * as "Trending bull"; null for any other field, which the caller formats its own way.
 */
export function formatConfidenceOrRegime(name: string, value: unknown): string | null {
  if (FRACTION_FIELDS.has(name) && typeof value === 'number') return formatConfidence(value)
  if (name === 'regime' && typeof value === 'string') return asCapitalisedWords(value)
  return null
}
