/**
 * PostgreSQL settings the embedded PGlite store starts with, after PGlite's own start
 * parameters (a later `-c` wins). shared_buffers: PostgreSQL's default buffer pool of 128 MB
 * is allocated and cleared at every start, about a third of a second of the app's start-up
 * (`npm run bench -- startup`); the app's database, tens of MB after a month of replays,
 * replays as fast with 32 MB (`npm run bench -- replay`).
 */
export const PGLITE_SETTINGS: readonly string[] = ['-c', 'shared_buffers=32MB']

/** PGlite's default start parameters followed by {@link PGLITE_SETTINGS}. */
export function pgliteStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...PGLITE_SETTINGS]
}
