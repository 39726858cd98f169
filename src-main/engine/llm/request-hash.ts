import { createHash } from 'node:crypto'
import type { GenerateRequest } from './llm-types'

/**
 * Returns a stable hash of what a model sees: provider, model id, prompts, output schema,
 * temperature and answer budget. Timeouts, signals and the rules task are left out, so the
 * same question asked in a replay finds the recorded answer.
 */
export function requestHash(request: GenerateRequest): string {
  const canonical = stableStringify({
    provider: request.model.provider,
    model: request.model.id,
    system: request.system,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    jsonSchema: request.jsonSchema ?? null,
    temperature: request.temperature ?? null,
    maxOutputTokens: request.maxOutputTokens ?? request.model.maxOutputTokens,
  })
  return createHash('sha256').update(canonical).digest('hex')
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return Object.fromEntries(entries.map(([key, inner]) => [key, sortKeys(inner)]))
  }
  return value
}
