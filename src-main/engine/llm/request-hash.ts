import { createHash } from 'node:crypto'
import type { GenerateRequest } from './llm-types'

/**
 * Returns a stable hash of what a model sees: provider, model id, prompts, output schema,
 * temperature and answer budget. Timeouts, signals and the rules task are left out, so the
 * same question asked in a replay finds the recorded answer.
 */
export function requestHash(request: GenerateRequest): string {
  if (request.system === '' && request.messages.length === 0 && request.jsonSchema) {
    return promptlessHash(request, request.jsonSchema.schema)
  }
  return hashOf(request)
}

/**
 * Hashes of requests without a prompt (what the rules provider is sent) by output schema: the
 * same few are asked every simulated minute of a replay, and hashing the schema each time
 * cost more than answering.
 */
const promptlessHashes = new WeakMap<object, Map<string, string>>()

function promptlessHash(request: GenerateRequest, schema: object): string {
  let hashes = promptlessHashes.get(schema)
  if (hashes === undefined) {
    hashes = new Map()
    promptlessHashes.set(schema, hashes)
  }
  const key = [
    request.jsonSchema?.name,
    request.model.provider,
    request.model.id,
    request.maxOutputTokens ?? request.model.maxOutputTokens,
    request.temperature ?? null,
  ].join('\u0000')
  let hash = hashes.get(key)
  if (hash === undefined) {
    hash = hashOf(request)
    hashes.set(key, hash)
  }
  return hash
}

function hashOf(request: GenerateRequest): string {
  // Keys in sorted order, as stableStringify would put them; the schema is sorted once per
  // converted schema (an agent sends the same one every run).
  const canonical = JSON.stringify({
    jsonSchema: request.jsonSchema
      ? { name: request.jsonSchema.name, schema: sortedSchema(request.jsonSchema.schema) }
      : null,
    maxOutputTokens: request.maxOutputTokens ?? request.model.maxOutputTokens,
    messages: request.messages.map((message) => ({ content: message.content, role: message.role })),
    model: request.model.id,
    provider: request.model.provider,
    system: request.system,
    temperature: request.temperature ?? null,
  })
  return createHash('sha256').update(canonical).digest('hex')
}

const sortedSchemas = new WeakMap<object, unknown>()

function sortedSchema(schema: Readonly<Record<string, unknown>>): unknown {
  let sorted = sortedSchemas.get(schema)
  if (sorted === undefined) {
    sorted = sortKeys(schema)
    sortedSchemas.set(schema, sorted)
  }
  return sorted
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
