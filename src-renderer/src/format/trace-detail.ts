import { formatConfidenceOrRegime } from './agent-fields'

/**
 * Returns a trace step's detail as `key=value` pairs. Nested records (a signal's agent
 * output) are spread as `output.regime=…`, so their confidence and regime read as everywhere
 * else ("74%", "Trending bull") instead of inside a JSON line; lists stay JSON.
 */
export function detailText(detail: Record<string, unknown>, prefix = ''): string {
  return Object.entries(detail)
    .map(([key, value]) => {
      if (isRecord(value)) return detailText(value, `${prefix}${key}.`)
      const text = Array.isArray(value)
        ? JSON.stringify(value)
        : (formatConfidenceOrRegime(key, value) ?? String(value))
      return `${prefix}${key}=${text}`
    })
    .filter((text) => text !== '')
    .join('  ')
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
