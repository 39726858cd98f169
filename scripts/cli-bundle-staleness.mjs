import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Where the CLI bundle lives, relative to the app root. */
export const CLI_BUNDLE = 'out/cli/main.js'

/** What the bundle is built from: a change to any of these means a rebuild. */
export const CLI_BUNDLE_SOURCES = [
  'src-main',
  'src-shared',
  'vite.cli.config.ts',
  'package.json',
  'tsconfig.json',
]

/**
 * Returns why the CLI bundle under `root` must be rebuilt — it is missing, or a source file
 * is newer than it — or null when it is current.
 *
 * @param {string} root the app folder
 * @param {{ bundle?: string, sources?: readonly string[] }} [options]
 * @returns {string | null}
 */
export function cliBundleStaleReason(root, options = {}) {
  const bundle = join(root, options.bundle ?? CLI_BUNDLE)
  let builtMs
  try {
    builtMs = statSync(bundle).mtimeMs
  } catch {
    return `${relative(root, bundle)} does not exist`
  }
  for (const source of options.sources ?? CLI_BUNDLE_SOURCES) {
    const newer = findNewerFile(join(root, source), builtMs)
    if (newer) return `${relative(root, newer)} is newer than ${relative(root, bundle)}`
  }
  return null
}

/**
 * Returns the first file at or under `path` modified after `sinceMs`, or null.
 *
 * @param {string} path
 * @param {number} sinceMs
 * @returns {string | null}
 */
function findNewerFile(path, sinceMs) {
  let stats
  try {
    stats = statSync(path)
  } catch {
    return null
  }
  if (!stats.isDirectory()) return stats.mtimeMs > sinceMs ? path : null
  for (const entry of readdirSync(path)) {
    const newer = findNewerFile(join(path, entry), sinceMs)
    if (newer) return newer
  }
  return null
}
