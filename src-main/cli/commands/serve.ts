import { startHeadlessHost } from '../../host/headless-host'
import type { MarketChoice } from '../../host/start-engine'
import { join } from 'node:path'
import { storeOptionsFor, type AppPaths } from '../../app-paths'
import { EarlyStore } from '../../engine/store/early-store'
import { createLogger } from '../../engine/logging/logger'
import type { CliIo } from '../cli-io'
import { isExchangeReachable } from './exchange-probe'
import { describeReplayStart } from './replay-start-description'
import type { ServeOptions } from './serve-options'

/**
 * `serve` (its flags checked by `parseServeOptions`): the headless host. `auto` (the default)
 * uses Kraken when it answers and otherwise says so and replays the bundled real candles, so a
 * fresh offline machine still shows a working app. A replay first loads as much history as a
 * live start backfills, then plays the rest, in a store of its own (see {@link serveReplayDir}).
 */
export async function runServe(
  options: ServeOptions,
  paths: AppPaths,
  io: CliIo,
  version: string,
  earlyStore: EarlyStore | null = null,
): Promise<{ close(): Promise<void> }> {
  const { requested, modeFlag, port, bindHost, data, replay, isLiveConfirmed } = options
  const logger = createLogger({ level: (io.env.TRIPLEGAIN_LOG_LEVEL as never) ?? 'info' })
  let market: MarketChoice = requested === 'replay' ? replay : { kind: 'live' }
  if (requested === 'auto') {
    const baseUrl = io.env.KRAKEN_BASE_URL || 'https://api.kraken.com'
    if (!(await isExchangeReachable(baseUrl))) {
      // Live trading asked for: a replay instead would not be what the trader started.
      if (modeFlag === 'live') {
        throw new Error(
          `live mode needs Kraken, which is not reachable at ${baseUrl}; refusing to start`,
        )
      }
      const served = data.length > 0 ? 'the given replay data' : 'the bundled replay data'
      io.err(`Kraken is not reachable at ${baseUrl}: serving ${served} instead (paper broker).`)
      market = replay
    }
  }
  const store = market.kind === 'replay' ? await replayStore(paths, io.env, earlyStore) : null
  const engineStore = store?.earlyStore ?? earlyStore
  try {
    const host = await startHeadlessHost({
      paths: store?.paths ?? paths,
      env: store?.env ?? io.env,
      tokenDir: paths.dataDir,
      logger,
      version,
      market,
      modeFlag,
      isLiveConfirmed,
      bindHost,
      port,
      earlyStore: engineStore,
    })
    io.out(`TripleGain headless host on ${host.url} (${host.running.engine.parts.mode} mode)`)
    if (market.kind === 'replay' && host.running.replay) {
      io.out(describeReplayStart(host.running.replay, market.speed))
      io.out(
        `Replayed orders, positions and balances are kept apart from your account, in ${store?.paths.dataDir} (started afresh each time).`,
      )
    }
    io.out(`API token: ${host.token} (also in ${host.tokenPath})`)
    io.out(`UI: ${host.url}/?token=${host.token}`)
    return host
  } catch (error) {
    // Nothing when the engine took it over; otherwise its folder is freed.
    await engineStore?.discard()
    throw error
  }
}

/**
 * The folder a served replay keeps its engine data in: the data folder's own holds the
 * account — paper balances, orders, positions, the coordinator's state — which played history
 * must never change (a demo's trades would show up in the next paper session).
 */
export function serveReplayDir(paths: Pick<AppPaths, 'dataDir'>): string {
  return join(paths.dataDir, 'replays', 'serve')
}

/**
 * A served replay's store: embedded PGlite in {@link serveReplayDir}, emptied at each start
 * (a replay plays the same history again from its first candle), also when DATABASE_URL
 * names the account's PostgreSQL. The early store on the account's folder is given up.
 */
async function replayStore(
  paths: AppPaths,
  env: CliIo['env'],
  accountStore: EarlyStore | null,
): Promise<{ paths: AppPaths; env: CliIo['env']; earlyStore: EarlyStore | null }> {
  await accountStore?.discard()
  const replayPaths = { ...paths, dataDir: serveReplayDir(paths) }
  const replayEnv = { ...env, DATABASE_URL: '' }
  const earlyStore = EarlyStore.startFor(storeOptionsFor(replayEnv, replayPaths), { isFresh: true })
  return { paths: replayPaths, env: replayEnv, earlyStore }
}
