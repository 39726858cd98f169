/**
 * Child process of the startup benchmark, built like the CLI and run by plain `node`: starts
 * the engine on the bundled replay data (paper broker, embedded PGlite in TRIPLEGAIN_DATA_DIR)
 * without playing it, prints `ready cpu_ms=N` once `startEngine` resolves, then closes the
 * engine and exits.
 */
import { resolveAppPaths } from '../../../src-main/app-paths'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { startEngine } from '../../../src-main/host/start-engine'

const running = await startEngine({
  paths: resolveAppPaths(process.env),
  env: process.env,
  logger: silentLogger(),
  host: 'headless',
  version: 'bench',
  // toMs 0: the replay stops before its first candle, so only startup is measured.
  market: { kind: 'replay', speed: 'max', toMs: 0 },
})
// CPU time of the whole process so far, which a busy machine inflates less than wall time.
const cpu = process.cpuUsage()
process.stdout.write(`ready cpu_ms=${Math.round((cpu.user + cpu.system) / 1000)}\n`)
await running.replayDone
await running.close()
