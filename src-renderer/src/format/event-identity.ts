import type { EngineEvent } from '../../../src-shared/contract'

/**
 * Returns a text that is the same for two copies of one event however they arrived (pushed,
 * or in the engine's recent events): its JSON with keys sorted, since key order depends on
 * the path an object took.
 */
export function eventIdentity(event: EngineEvent): string {
  return JSON.stringify(event, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : value,
  )
}
