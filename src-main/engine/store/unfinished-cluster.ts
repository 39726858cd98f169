import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * A new PGlite folder is not a database until PGlite is ready in it: initdb or the template
 * restore writes it for a second or more, and a start cut short there (the app killed, the
 * machine off) leaves a folder PGlite cannot open ("failed to initialize") and that looks
 * used, so every later start would fail the same way. A marker beside the folder says it is
 * being made; it is removed once PGlite is ready, and a folder found with it is half-made:
 * nothing was ever stored in it, so it is emptied and made again.
 */
export function unfinishedMarkerPath(folder: string): string {
  return `${folder}.unfinished`
}

/** True when `folder` holds nothing yet (absent or empty; memory always): only then is a cluster made. */
export function isNewFolder(folder: string | 'memory'): boolean {
  return folder === 'memory' || !existsSync(folder) || readdirSync(folder).length === 0
}

/**
 * Starts PGlite in `folder` with `start`, guarding a new folder with the marker: a folder a
 * cut-short start left half-made is emptied first, and the marker stays when `start` fails,
 * so the next start makes the folder again.
 */
export async function startGuardingNewFolder<T>(
  folder: string | 'memory',
  start: () => Promise<T>,
): Promise<T> {
  if (folder === 'memory') return start()
  const marker = unfinishedMarkerPath(folder)
  if (existsSync(marker)) rmSync(folder, { recursive: true, force: true })
  else if (!isNewFolder(folder)) return start()
  mkdirSync(dirname(marker), { recursive: true })
  writeFileSync(marker, 'a PostgreSQL cluster is being made in the folder beside this file\n')
  const started = await start()
  rmSync(marker, { force: true })
  return started
}
