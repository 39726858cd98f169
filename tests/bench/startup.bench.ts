/**
 * Startup time (issue 9): milliseconds from spawning the process to "engine ready" — store
 * opened and migrated, every part composed and started — on a fresh PGlite folder
 * (`ready_ms_fresh`: the installation has the database template an earlier folder saved, as
 * every replay after the first has), on the folder the previous start left
 * (`ready_ms_existing`), and on a fresh folder of a new installation (`ready_ms_first_start`:
 * initdb, and the template saved).
 *
 * What is measured is what `npm run serve` runs: plain `node` on code built by the CLI's build
 * (vite.cli.config.ts, dependencies external). The child is a probe built the same way
 * (startup/start-engine-probe.ts → out/bench/startup/), which calls `startEngine` on the
 * bundled replay data and prints `ready` when it resolves; the build happens before timing.
 * Not included: the HTTP server `serve` starts after the engine, and the CLI's staleness
 * check. Baseline: the same spawn of `node` on an empty script.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { nodeEntryBuildConfig } from '../../vite.cli.config'
import { percentile, type Benchmark } from './bench-result'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const PROBE_SOURCE = fileURLToPath(new URL('./startup/start-engine-probe.ts', import.meta.url))
// Inside the app folder, so the built probe resolves node_modules as the CLI bundle does.
const PROBE_OUT = join(ROOT, 'out', 'bench', 'startup')
const ROUNDS = 5
const GOAL_EXISTING_MS = 1_500

interface ReadySample {
  /** Wall-clock ms from spawning to `ready`. */
  wallMs: number
  /** CPU ms the child had used by then, as it reported (`ready cpu_ms=N`). */
  cpuMs: number
}

/** Spawns `node script`; resolves with the time until it printed `ready`. */
function timeToReady(script: string, env: Record<string, string>): Promise<ReadySample> {
  return new Promise((resolve, reject) => {
    const start = performance.now()
    let readyMs: number | null = null
    let output = ''
    const child = spawn(process.execPath, [script], {
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
      const cpuMs = Number(/ready cpu_ms=(\d+)/.exec(output)?.[1] ?? Number.NaN)
      if (code === 0 && readyMs !== null) resolve({ wallMs: readyMs, cpuMs })
      else reject(new Error(`startup probe failed: code=${code} output=${output.slice(-500)}`))
    })
  })
}

const bench: Benchmark = async (emit) => {
  await build({ ...nodeEntryBuildConfig(PROBE_SOURCE, PROBE_OUT), configFile: false })
  const probe = join(PROBE_OUT, 'start-engine-probe.js')
  const empty = join(mkdtempSync(join(tmpdir(), 'tg-bench-empty-')), 'empty.mjs')
  writeFileSync(
    empty,
    'const cpu = process.cpuUsage()\n' +
      'process.stdout.write(`ready cpu_ms=${Math.round((cpu.user + cpu.system) / 1000)}\\n`)\n',
  )
  const first: ReadySample[] = []
  const fresh: ReadySample[] = []
  const existing: ReadySample[] = []
  const bare: ReadySample[] = []
  for (let round = 0; round < ROUNDS; round++) {
    const roundDir = mkdtempSync(join(tmpdir(), 'tg-bench-startup-'))
    const env = (folder: string) => ({
      TRIPLEGAIN_DATA_DIR: join(roundDir, folder),
      TRIPLEGAIN_CACHE_DIR: join(roundDir, 'cache'),
      OLLAMA_HOST: 'http://127.0.0.1:9',
      TRIPLEGAIN_LOG_LEVEL: 'silent',
    })
    try {
      first.push(await timeToReady(probe, env('first')))
      existing.push(await timeToReady(probe, env('first')))
      fresh.push(await timeToReady(probe, env('second')))
      bare.push(await timeToReady(empty, {}))
    } finally {
      rmSync(roundDir, { recursive: true, force: true })
    }
  }
  const baseline = { name: 'node on an empty script', value: median(bare, 'wallMs') }
  const baselineCpuMs = median(bare, 'cpuMs')
  emit({
    bench: 'startup',
    metric: 'ready_ms_fresh',
    value: median(fresh, 'wallMs'),
    unit: 'ms',
    baseline,
    details: { rounds: ROUNDS, ...sampleDetails(fresh), baseline_cpu_ms: baselineCpuMs },
  })
  emit({
    bench: 'startup',
    metric: 'ready_ms_first_start',
    value: median(first, 'wallMs'),
    unit: 'ms',
    baseline,
    details: { rounds: ROUNDS, ...sampleDetails(first), baseline_cpu_ms: baselineCpuMs },
  })
  const existingMs = median(existing, 'wallMs')
  emit({
    bench: 'startup',
    metric: 'ready_ms_existing',
    value: existingMs,
    unit: 'ms',
    baseline,
    details: {
      rounds: ROUNDS,
      ...sampleDetails(existing),
      baseline_cpu_ms: baselineCpuMs,
      goal_ms: GOAL_EXISTING_MS,
      meets_goal: existingMs < GOAL_EXISTING_MS,
    },
  })
}

function median(samples: readonly ReadySample[], key: keyof ReadySample): number {
  return Math.round(
    percentile(
      samples.map((sample) => sample[key]),
      50,
    ),
  )
}

/** Wall samples, and CPU time: on a machine shared with other work it varies less than wall. */
function sampleDetails(samples: readonly ReadySample[]) {
  return {
    samples_ms: samples.map((sample) => Math.round(sample.wallMs)),
    cpu_ms: median(samples, 'cpuMs'),
    cpu_samples_ms: samples.map((sample) => sample.cpuMs),
  }
}

export default bench
