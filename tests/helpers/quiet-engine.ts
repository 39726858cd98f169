import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { VirtualClock } from '../../src-main/engine/clock'
import { loadConfig, type AppConfig } from '../../src-main/engine/config'
import { Engine } from '../../src-main/engine/engine'
import { silentLogger } from '../../src-main/engine/logging/logger'
import { ReplayMarketSource, type ReplaySeries } from '../../src-main/engine/market'
import { openStore, type Store } from '../../src-main/engine/store'
import { CONFIG_DIR } from './config-fixture'
import { MIGRATIONS_DIR, memoryStoreOptions } from './test-store'

/** The shipped config without schedules (no agent runs) and with Ollama out of reach. */
export function quietConfig(): AppConfig {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
  config.agents.providers.ollama.base_url = 'http://127.0.0.1:9'
  for (const schedule of Object.values(config.orchestration.coordinator.schedules)) {
    schedule.enabled = false
  }
  return config
}

/** A started engine on {@link quietConfig}, replaying `series` on `clock`, with its store. */
export interface QuietEngine {
  readonly engine: Engine
  readonly store: Store
  readonly replay: ReplayMarketSource
  /** Stops the engine and closes its store. */
  stop(): Promise<void>
}

/**
 * Composes and starts the real engine in replay mode on an in-memory store, with nothing
 * scheduled: a test drives the part it is about through the replay and the engine's parts.
 */
export async function startQuietEngine(
  clock: VirtualClock,
  series: readonly ReplaySeries[],
): Promise<QuietEngine> {
  const replay = new ReplayMarketSource({ clock, logger: silentLogger(), series })
  const store = await openStore(memoryStoreOptions())
  const engine = await createQuietEngine(clock, replay, store)
  await engine.start()
  return {
    engine,
    store,
    replay,
    stop: async () => {
      await engine.stop()
      await store.close()
    },
  }
}

/** Composes (does not start) the engine on `config` ({@link quietConfig}) over `source` and `store`. */
export function createQuietEngine(
  clock: VirtualClock,
  source: ReplayMarketSource,
  store: Store,
  config: AppConfig = quietConfig(),
): Promise<Engine> {
  return Engine.create({
    config,
    mode: 'replay',
    host: 'headless',
    version: 'test',
    clock,
    logger: silentLogger(),
    store,
    dataDir: mkdtempSync(join(tmpdir(), 'tg-quiet-engine-')),
    env: {},
    migrationsDir: MIGRATIONS_DIR,
    marketSource: source,
  })
}
