/**
 * Startup time (issue 9): milliseconds from spawning the process to "engine ready" — store
 * opened and migrated, every part composed and started — on a fresh PGlite folder
 * (`ready_ms_fresh`) and on the folder the previous start left (`ready_ms_existing`). The
 * child is `tsx` on a small script (what `npm run serve` runs), so TypeScript loading is
 * included. Baseline: the same spawn of `tsx` on an empty script.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { percentile, type Benchmark } from './bench-result'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const TSX = join(ROOT, 'node_modules/.bin/tsx')
const PROBE = fileURLToPath(new URL('./startup/start-engine-probe.ts', import.meta.url))
const ROUNDS = 5
const GOAL_EXISTING_MS = 1_500

/** Spawns `tsx script`; resolves with the ms until it printed `ready`. */
function timeToReady(script: string, env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    let readyMs: number | null = null
    let output = ''
    const child = spawn(TSX, [script], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (readyMs === null && output.includes('ready')) readyMs = performance.now() - start
    })
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('error', reject)
    child.on('exit', (code) => {
      if (code === 0 && readyMs !== null) resolve(readyMs)
      else reject(new Error(`startup probe failed: code=${code} output=${output.slice(-500)}`))
    })
  })
}

const bench: Benchmark = async (emit) => {
  const empty = join(mkdtempSync(join(tmpdir(), 'tg-bench-empty-')), 'empty.ts')
  writeFileSync(empty, "process.stdout.write('ready\\n')\n")
  const fresh: number[] = []
  const existing: number[] = []
  const bare: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-bench-startup-'))
    const env = {
      TRIPLEGAIN_DATA_DIR: dataDir,
      OLLAMA_HOST: 'http://127.0.0.1:9',
      TRIPLEGAIN_LOG_LEVEL: 'silent',
    }
    try {
      fresh.push(await timeToReady(PROBE, env))
      existing.push(await timeToReady(PROBE, env))
      bare.push(await timeToReady(empty, {}))
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
  const baseline = { name: 'tsx on an empty script', value: Math.round(percentile(bare, 50)) }
  emit({
    bench: 'startup',
    metric: 'ready_ms_fresh',
    value: Math.round(percentile(fresh, 50)),
    unit: 'ms',
    baseline,
    details: { rounds: ROUNDS, samples_ms: fresh.map(Math.round) },
  })
  const existingMs = Math.round(percentile(existing, 50))
  emit({
    bench: 'startup',
    metric: 'ready_ms_existing',
    value: existingMs,
    unit: 'ms',
    baseline,
    details: {
      rounds: ROUNDS,
      samples_ms: existing.map(Math.round),
      goal_ms: GOAL_EXISTING_MS,
      meets_goal: existingMs < GOAL_EXISTING_MS,
    },
  })
}

export default bench
