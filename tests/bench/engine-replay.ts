/**
 * A full-engine replay for the benchmarks: the shipped config with every agent on the rules
 * provider, the paper broker, a PGlite store in a temporary folder (candles and every other
 * record persisted; on its worker thread, as the hosts run it), the replay source on the virtual
 * clock at full speed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { storeOptionsFor } from '../../src-main/app-paths'
import { VirtualClock } from '../../src-main/engine/clock'
import { loadConfig, withRulesOnlyAgents, type AppConfig } from '../../src-main/engine/config'
import { TASK_NAMES, type TaskName } from '../../src-main/engine/coordinator'
import { Engine } from '../../src-main/engine/engine'
import { silentLogger } from '../../src-main/engine/logging/logger'
import { ReplayMarketSource, type ReplaySeries } from '../../src-main/engine/market'
import { openStore, type Store } from '../../src-main/engine/store'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const MIGRATIONS_DIR = join(ROOT, 'migrations')

/** The shipped config with every agent answered by the rules provider (no network). */
export function rulesOnlyConfig(): AppConfig {
  return withRulesOnlyAgents(loadConfig({ configDir: join(ROOT, 'config'), env: {} }).config)
}

/**
 * `config` with only the `enabled` coordinator tasks scheduled (the others disabled, as a
 * trader can disable them): what a replay costs without some of its agents.
 */
export function withOnlyTasks(config: AppConfig, enabled: readonly TaskName[]): AppConfig {
  const copy = structuredClone(config)
  for (const name of TASK_NAMES) {
    copy.orchestration.coordinator.schedules[name].enabled = enabled.includes(name)
  }
  return copy
}

/** What one full-engine replay measured. */
export interface EngineReplayResult {
  candles: number
  /** Wall time of the replay run only (engine already started). */
  seconds: number
}

/** What a caller of {@link replayThroughEngine} may set and watch. */
export interface EngineReplayHooks {
  /** The engine's config; {@link rulesOnlyConfig} when omitted. */
  config?: AppConfig
  onProgress?: (done: number, total: number) => void
  /** Reads what the replay recorded: called after the engine stopped, before the store closes. */
  afterStop?: (store: Store) => Promise<void>
}

/** Replays `series` through a freshly started engine; returns candles and wall time. */
export async function replayThroughEngine(
  series: readonly ReplaySeries[],
  { config = rulesOnlyConfig(), onProgress, afterStop }: EngineReplayHooks = {},
): Promise<EngineReplayResult> {
  const logger = silentLogger()
  const clock = new VirtualClock(0)
  const replay = new ReplayMarketSource({
    clock,
    logger,
    series,
    progressEvery: 5_000,
    ...(onProgress
      ? { onProgress: (p: { done: number; total: number }) => onProgress(p.done, p.total) }
      : {}),
  })
  await clock.advanceTo(Math.max(0, (replay.firstTimestampMs ?? 0) - 1))
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-bench-replay-'))
  const store = await openStore(storeOptionsFor({}, { dataDir }))
  try {
    const engine = await Engine.create({
      config,
      mode: 'replay',
      host: 'headless',
      version: 'bench',
      clock,
      logger,
      store,
      dataDir,
      env: {},
      migrationsDir: MIGRATIONS_DIR,
      marketSource: replay,
    })
    await engine.start()
    const start = performance.now()
    const result = await replay.run()
    const seconds = (performance.now() - start) / 1000
    await engine.stop()
    await afterStop?.(store)
    return { candles: result.candles, seconds }
  } finally {
    await store.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}
