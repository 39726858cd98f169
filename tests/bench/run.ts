/**
 * Runs benchmarks: `npm run bench` runs every tests/bench/*.bench.ts, `npm run bench -- bus risk`
 * runs the named ones. Each prints one JSON object per line on stdout.
 */
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Benchmark, BenchResult } from './bench-result'

const folder = dirname(fileURLToPath(import.meta.url))
const available = readdirSync(folder)
  .filter((file) => file.endsWith('.bench.ts'))
  .map((file) => file.replace(/\.bench\.ts$/, ''))
  .sort()

const requested = process.argv.slice(2).filter((arg) => !arg.startsWith('-'))
const unknown = requested.filter((name) => !available.includes(name))
if (unknown.length > 0) {
  console.error(`unknown benchmark: ${unknown.join(', ')}; available: ${available.join(', ')}`)
  process.exit(2)
}

const emit = (result: BenchResult): void => {
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

for (const name of requested.length > 0 ? requested : available) {
  const module = (await import(pathToFileURL(join(folder, `${name}.bench.ts`)).href)) as {
    default: Benchmark
  }
  await module.default(emit)
}
