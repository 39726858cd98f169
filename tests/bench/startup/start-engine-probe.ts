/**
 * Child process of the startup benchmark: starts the engine on the bundled replay data
 * (paper broker, embedded PGlite in TRIPLEGAIN_DATA_DIR) without playing it, prints `ready`
 * once `startEngine` resolves, then closes the engine and exits.
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
process.stdout.write('ready\n')
await running.replayDone
await running.close()
