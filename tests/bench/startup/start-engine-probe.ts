/**
 * Child process of the startup benchmark, built like the CLI and run by plain `node`: starts
 * the engine on the bundled replay data (paper broker, embedded PGlite in TRIPLEGAIN_DATA_DIR)
 * without playing it, prints `ready cpu_ms=N` once `startEngine` resolves, then closes the
 * engine and exits. As `serve` does, it starts the store before loading the engine's modules.
 */
import { resolveAppPaths, storeOptionsFor } from '../../../src-main/app-paths'
import { EarlyStore } from '../../../src-main/engine/store/early-store'

const paths = resolveAppPaths(process.env)
const earlyStore = EarlyStore.startFor(storeOptionsFor(process.env, paths))
const [{ silentLogger }, { startEngine }] = await Promise.all([
  import('../../../src-main/engine/logging/logger'),
  import('../../../src-main/host/start-engine'),
])
const running = await startEngine({
  paths,
  env: process.env,
  logger: silentLogger(),
  host: 'headless',
  version: 'bench',
  // toMs 0: the replay stops before its first candle, so only startup is measured.
  market: { kind: 'replay', speed: 'max', toMs: 0 },
  earlyStore,
})
// CPU time of the whole process so far, which a busy machine inflates less than wall time.
const cpu = process.cpuUsage()
process.stdout.write(`ready cpu_ms=${Math.round((cpu.user + cpu.system) / 1000)}\n`)
await running.replayDone
await running.close()
