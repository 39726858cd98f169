import { startHeadlessHost } from '../../host/headless-host'
import type { MarketChoice } from '../../host/start-engine'
import type { AppPaths } from '../../app-paths'
import type { EarlyStore } from '../../engine/store/early-store'
import { createLogger } from '../../engine/logging/logger'
import type { CliIo } from '../cli-io'
import { isExchangeReachable } from './exchange-probe'
import { describeReplayStart } from './replay-start-description'
import type { ServeOptions } from './serve-options'

/**
 * `serve` (its flags checked by `parseServeOptions`): the headless host. `auto` (the default)
 * uses Kraken when it answers and otherwise says so and replays the bundled real candles, so a
 * fresh offline machine still shows a working app. A replay first loads as much history as a
 * live start backfills, then plays the rest.
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
      const served = data.length > 0 ? 'the given replay data' : 'the bundled replay data'
      io.err(`Kraken is not reachable at ${baseUrl}: serving ${served} instead (paper broker).`)
      market = replay
    }
  }
  const host = await startHeadlessHost({
    paths,
    env: io.env,
    logger,
    version,
    market,
    modeFlag,
    isLiveConfirmed,
    bindHost,
    port,
    earlyStore,
  })
  io.out(`TripleGain headless host on ${host.url} (${host.running.engine.parts.mode} mode)`)
  if (market.kind === 'replay' && host.running.replay) {
    io.out(describeReplayStart(host.running.replay, market.speed))
  }
  io.out(`API token: ${host.token} (also in ${host.tokenPath})`)
  io.out(`UI: ${host.url}/?token=${host.token}`)
  return host
}
