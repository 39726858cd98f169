import { startHeadlessHost } from '../../host/headless-host'
import type { MarketChoice } from '../../host/start-engine'
import type { AppPaths } from '../../app-paths'
import { createLogger } from '../../engine/logging/logger'
import { flagChoice, flagValue, UsageError, type CliIo, type ParsedArgs } from '../cli-io'
import { parseSpeed, replayFilesBySymbol } from './replay-data-files'
import { isExchangeReachable } from './exchange-probe'
import { describeReplayStart } from './replay-start-description'

/**
 * `serve [--host 127.0.0.1] [--port 8080] [--market live|replay|auto] [--data FILE…] [--speed N|max]
 *  [--mode paper|live] [--confirm-live]`:
 * the headless host. `auto` (the default) uses Kraken when it answers and otherwise says so
 * and replays the bundled real candles, so a fresh offline machine still shows a working app.
 * A replay first loads as much history as a live start backfills, then plays the rest.
 */
export async function runServe(
  args: ParsedArgs,
  paths: AppPaths,
  io: CliIo,
  version: string,
): Promise<{ close(): Promise<void> }> {
  const logger = createLogger({ level: (io.env.TRIPLEGAIN_LOG_LEVEL as never) ?? 'info' })
  const requested = flagChoice(args, 'market', ['auto', 'live', 'replay'], 'auto')
  // Replay mode is chosen by --market replay; --mode picks paper or live trading.
  const modeFlag = flagChoice(args, 'mode', ['paper', 'live'], null)
  const port = parsePort(flagValue(args, 'port'))
  const bindHost = flagValue(args, 'host') ?? '127.0.0.1'
  const data = args.flags.get('data') ?? []
  const replay: MarketChoice = {
    kind: 'replay',
    speed: parseSpeed(flagValue(args, 'speed'), 60),
    ...(data.length > 0 ? { files: replayFilesBySymbol(data) } : {}),
    // Charts, indicators and agents have history from the first moment, as after a live start.
    warmup: 'live-backfill',
  }
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
    isLiveConfirmed: args.flags.has('confirm-live'),
    bindHost,
    port,
  })
  io.out(`TripleGain headless host on ${host.url} (${host.running.engine.parts.mode} mode)`)
  if (market.kind === 'replay' && host.running.replay) {
    io.out(describeReplayStart(host.running.replay, market.speed))
  }
  io.out(`API token: ${host.token} (also in ${host.tokenPath})`)
  io.out(`UI: ${host.url}/?token=${host.token}`)
  return host
}

/** Parses `--port` (8080 when absent; 0 lets the system pick a free port). */
export function parsePort(value: string | undefined): number {
  if (value === undefined) return 8080
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65_535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535, got ${value}`)
  }
  return port
}
