import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cliBundleStaleReason } from '../../../scripts/cli-bundle-staleness.mjs'

const SECOND = 1000

/** An app folder with one source file and, optionally, a bundle, each with its mtime. */
function appFolder(times: { sourceMs: number; bundleMs?: number }): string {
  const root = mkdtempSync(join(tmpdir(), 'tg-bundle-'))
  mkdirSync(join(root, 'src-main', 'engine'), { recursive: true })
  const source = join(root, 'src-main', 'engine', 'engine.ts')
  writeFileSync(source, 'export {}\n')
  utimesSync(source, times.sourceMs / SECOND, times.sourceMs / SECOND)
  if (times.bundleMs !== undefined) {
    mkdirSync(join(root, 'out', 'cli'), { recursive: true })
    const bundle = join(root, 'out', 'cli', 'main.js')
    writeFileSync(bundle, '')
    utimesSync(bundle, times.bundleMs / SECOND, times.bundleMs / SECOND)
  }
  return root
}

describe('cliBundleStaleReason', () => {
  const t = Date.UTC(2026, 0, 1)

  it('asks for a build when there is no bundle (a fresh clone)', () => {
    expect(cliBundleStaleReason(appFolder({ sourceMs: t }))).toBe('out/cli/main.js does not exist')
  })

  it('finds the bundle current when it is newer than every source file', () => {
    expect(cliBundleStaleReason(appFolder({ sourceMs: t, bundleMs: t + SECOND }))).toBeNull()
  })

  it('names a source file edited after the build, however deep', () => {
    expect(cliBundleStaleReason(appFolder({ sourceMs: t + SECOND, bundleMs: t }))).toBe(
      'src-main/engine/engine.ts is newer than out/cli/main.js',
    )
  })

  it('watches the build config too, and ignores listed sources that do not exist', () => {
    const root = appFolder({ sourceMs: t, bundleMs: t + SECOND })
    const config = join(root, 'vite.cli.config.ts')
    writeFileSync(config, '')
    utimesSync(config, (t + 2 * SECOND) / SECOND, (t + 2 * SECOND) / SECOND)
    expect(cliBundleStaleReason(root)).toBe('vite.cli.config.ts is newer than out/cli/main.js')
  })
})
