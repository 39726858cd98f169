import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { build } from 'vite'
import { beforeAll, describe, expect, it } from 'vitest'
import { nodeEntryBuildConfig } from '../../../vite.cli.config'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^;"']*?\sfrom\s+)?["']([^"']+)["']/gm

/** Returns the packages a built file loads before any dynamic import: its static closure. */
function staticPackages(file: string, seen = new Set<string>()): Set<string> {
  const packages = new Set<string>()
  if (seen.has(file)) return packages
  seen.add(file)
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
    if (!specifier) continue
    if (specifier.startsWith('.')) {
      for (const name of staticPackages(resolve(dirname(file), specifier), seen)) packages.add(name)
    } else {
      packages.add(specifier.startsWith('node:') ? 'node:' : packageName(specifier))
    }
  }
  return packages
}

function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier)
}

/** SDKs and drivers a start on recorded candles with PGlite and no API keys never needs. */
const LOADED_ON_DEMAND = ['ccxt', 'openai', '@anthropic-ai/sdk', 'pg']

describe('the CLI bundle (vite.cli.config.ts)', () => {
  let out: string
  const chunkDefining = (text: string) => {
    const chunks = join(out, 'chunks')
    const name = readdirSync(chunks).find(
      (file) => file.endsWith('.js') && readFileSync(join(chunks, file), 'utf8').includes(text),
    )
    if (!name) throw new Error(`no chunk defines ${text}`)
    return join(chunks, name)
  }

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'tg-cli-bundle-'))
    await build({
      ...nodeEntryBuildConfig(join(ROOT, 'src-main/cli/main.ts'), out),
      configFile: false,
    })
  }, 120_000)

  it('loads no package before a command is chosen (--help, config check stay fast)', () => {
    expect([...staticPackages(join(out, 'main.js'))]).toEqual(['node:'])
  })

  it('serve loads the HTTP server and PGlite, but no SDK, ccxt or pg until needed', () => {
    const packages = staticPackages(chunkDefining('async function runServe('))
    expect(packages).toContain('fastify')
    expect(packages).toContain('@electric-sql/pglite')
    for (const name of LOADED_ON_DEMAND) expect(packages).not.toContain(name)
  })

  it('replay loads neither the HTTP server nor any SDK', () => {
    const packages = staticPackages(chunkDefining('async function runReplay('))
    expect(packages).toContain('@electric-sql/pglite')
    for (const name of [...LOADED_ON_DEMAND, 'fastify']) expect(packages).not.toContain(name)
  })

  it('runs through scripts/triplegain.mjs, building the bundle when it is stale', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, 'scripts/triplegain.mjs'), '--help'],
      { cwd: ROOT, timeout: 120_000 },
    )
    expect(stdout).toContain('usage: npm run triplegain')
  }, 120_000)
})
