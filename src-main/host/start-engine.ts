import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { AppPaths } from '../app-paths'
import { storeOptionsFor } from '../app-paths'
import { SystemClock, VirtualClock, type Clock } from '../engine/clock'
import { loadConfig, type AppConfig } from '../engine/config'
import { Engine } from '../engine/engine'
import { resolveMode, type EngineMode } from '../engine/engine-mode'
import type { WritableKeyStore } from '../engine/engine-parts'
import type { Logger } from '../engine/logging/logger'
import { liveStartWarmupUntilMs, ReplayMarketSource } from '../engine/market'
import { openStore } from '../engine/store'
import type { EarlyStore } from '../engine/store/early-store'

/** Where the engine's candles come from. */
export type MarketChoice =
  | { kind: 'live' }
  | {
      kind: 'replay'
      /** CSV files per symbol; the bundled slice (resources/market) when omitted. */
      files?: Readonly<Record<string, string>>
      speed: number | 'max'
      toMs?: number
      /**
       * The history emitted as a backfill before the replay proper (see
       * ReplayMarketSourceOptions): the candles opening before `untilMs`, or with
       * `'live-backfill'` as much as a live start backfills (see liveStartWarmupUntilMs).
       * None when omitted.
       */
      warmup?: { untilMs: number } | 'live-backfill'
      /** Called with candles done and total, for a progress bar. */
      onProgress?: (done: number, total: number) => void
    }

export interface StartEngineOptions {
  paths: AppPaths
  env: Readonly<Record<string, string | undefined>>
  logger: Logger
  host: 'desktop' | 'headless'
  version: string
  market: MarketChoice
  modeFlag?: EngineMode | null
  isLiveConfirmed?: boolean
  keyStore?: WritableKeyStore | null
  /** Adjusts the loaded config (the desktop host fills Kraken keys from its key store). */
  configure?: (config: AppConfig) => AppConfig
  /** The store started before the host's modules loaded (see EarlyStore); taken over here. */
  earlyStore?: EarlyStore | null
}

/** How often the host tells the UI the engine's time (wall clock: the host is not engine code). */
export const ENGINE_TIME_INTERVAL_MS = 1000

/** A started engine with what its host must close. */
export interface RunningEngine {
  engine: Engine
  clock: Clock
  replay: ReplayMarketSource | null
  /** Resolves when a replay has played all its candles (never for live data). */
  replayDone: Promise<void>
  close(): Promise<void>
}

/**
 * Loads config, resolves the mode (live only when confirmed and keyed), opens the store and
 * starts the engine on live Kraken data or on a replay of recorded candles. Opening the store
 * (PGlite boots a WASM PostgreSQL) needs neither the config nor the candles, so it runs while
 * those load; the engine's start order (migrate → restore state → reconcile → start feeds →
 * arm schedules) begins only once both are done.
 */
export async function startEngine(options: StartEngineOptions): Promise<RunningEngine> {
  const { paths, env, logger } = options
  const opening = openStore(storeOptionsFor(env, paths), options.earlyStore)
  const [prepared, store] = await Promise.all([prepareStart(options), opening]).catch(
    async (error: unknown) => {
      // Whichever failed, a store that did open is closed again (and its folder lock released).
      await opening.then(
        (opened) => opened.close(),
        () => undefined,
      )
      throw error
    },
  )
  const { config, mode, clock, replay } = prepared
  const kraken = config.execution.execution.kraken

  let engine: Engine
  try {
    engine = await Engine.create({
      config,
      mode,
      host: options.host,
      version: options.version,
      clock,
      logger,
      store,
      dataDir: paths.dataDir,
      env,
      migrationsDir: paths.migrationsDir,
      keyStore: options.keyStore ?? null,
      ...(replay ? { marketSource: replay } : {}),
      ...(kraken.base_url ? { marketExchange: { restUrl: kraken.base_url } } : {}),
    })
    await engine.start()
  } catch (error) {
    await store.close()
    throw error
  }

  let replayDone: Promise<void> = new Promise(() => undefined)
  if (replay && options.market.kind === 'replay') {
    const { speed, toMs } = options.market
    const minuteMs = speed === 'max' ? 0 : 60_000 / speed
    replayDone = replay
      .run({
        ...(toMs !== undefined ? { untilMs: toMs } : {}),
        ...(minuteMs > 0 ? { pace: () => sleep(minuteMs) } : {}),
      })
      .then(() => undefined)
  }

  // The engine's clock for the UI's relative times; only while someone listens.
  const heartbeat = setInterval(() => {
    if (engine.events.size() > 0) engine.events.emit({ type: 'engine.time', at: clock.now() })
  }, ENGINE_TIME_INTERVAL_MS)
  heartbeat.unref()

  return {
    engine,
    clock,
    replay,
    replayDone,
    async close() {
      clearInterval(heartbeat)
      replay?.pause()
      // A store left open would keep its folder locked and what PGlite holds unwritten.
      try {
        await engine.stop()
      } finally {
        await store.close()
      }
    },
  }
}

/** What the engine needs besides its store: config, mode, clock and the replay's candles. */
interface PreparedStart {
  config: AppConfig
  mode: EngineMode
  clock: Clock
  replay: ReplayMarketSource | null
}

/** Why a live start over replayed candles is refused. */
export const REPLAY_IS_NOT_LIVE =
  'live mode trades on Kraken at market prices; a replay plays recorded candles with the paper broker: start one or the other'

/** Loads config, resolves the mode and, for a replay, loads the candles onto a virtual clock. */
async function prepareStart(options: StartEngineOptions): Promise<PreparedStart> {
  const { paths, env, logger } = options
  const loaded = loadConfig({ configDir: paths.configDir, userConfigDir: paths.userConfigDir, env })
  for (const warning of loaded.warnings) logger.warn(warning)
  const config = options.configure ? options.configure(loaded.config) : loaded.config
  const kraken = config.execution.execution.kraken
  const isReplay = options.market.kind === 'replay'
  // Recorded candles driving real orders would trade real money at prices long gone.
  if (isReplay && options.modeFlag === 'live') throw new Error(REPLAY_IS_NOT_LIVE)
  const resolved = resolveMode({
    configured: config.execution.execution.mode,
    // A replay always runs in replay mode (paper broker), whatever the config says.
    flag: isReplay ? 'replay' : (options.modeFlag ?? null),
    isLiveConfirmed: options.isLiveConfirmed ?? env.TRIPLEGAIN_CONFIRM_LIVE === 'yes',
    hasExchangeKeys: Boolean(kraken.api_key && kraken.api_secret),
  })
  if ('error' in resolved) throw new Error(resolved.error)
  if (options.market.kind !== 'replay') {
    return { config, mode: resolved.mode, clock: new SystemClock(), replay: null }
  }
  const virtual = new VirtualClock(0)
  const files = options.market.files ?? bundledReplayFiles(paths, config)
  const { onProgress, warmup } = options.market
  const series = await ReplayMarketSource.loadCsvSeries(files, logger)
  const warmupUntilMs =
    warmup === 'live-backfill'
      ? liveStartWarmupUntilMs(series, config.market.market.backfill_minutes)
      : warmup?.untilMs
  const replay = new ReplayMarketSource({
    clock: virtual,
    logger,
    series,
    ...(warmupUntilMs !== undefined ? { warmupUntilMs } : {}),
    ...(onProgress
      ? {
          onProgress: (progress: { done: number; total: number }) =>
            onProgress(progress.done, progress.total),
        }
      : {}),
  })
  await virtual.advanceTo(Math.max(0, (replay.firstTimestampMs ?? 0) - 1))
  return { config, mode: resolved.mode, clock: virtual, replay }
}

/** The bundled real candles (resources/market) for the offline demo and tests. */
export function bundledReplayFiles(paths: AppPaths, config: AppConfig): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config.market.market.replay.default_files).map(([symbol, file]) => [
      symbol,
      join(paths.resourcesDir, file),
    ]),
  )
}
