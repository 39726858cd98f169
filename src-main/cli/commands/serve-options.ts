import type { EngineMode } from '../../engine/engine-mode'
import type { MarketChoice } from '../../host/start-engine'
import { flagChoice, flagValue, UsageError, type ParsedArgs } from '../cli-io'
import { parseSpeed, replayFilesBySymbol } from './replay-data-files'

/** What `serve` was asked for, its flags checked. */
export interface ServeOptions {
  readonly requested: 'auto' | 'live' | 'replay'
  readonly modeFlag: Extract<EngineMode, 'paper' | 'live'> | null
  readonly port: number
  readonly bindHost: string
  /** Candle files given with --data (none: the bundled data). */
  readonly data: readonly string[]
  /** The replay served with --market replay, or by auto when Kraken does not answer. */
  readonly replay: MarketChoice
  readonly isLiveConfirmed: boolean
}

/**
 * Checks `serve [--host 127.0.0.1] [--port 8080] [--market auto|live|replay] [--data FILE…]
 * [--speed N|max] [--mode paper|live] [--confirm-live]`; throws a UsageError naming a bad
 * value. Light on imports: the CLI checks the flags before it starts the database and loads
 * the host, so a mistyped flag costs neither.
 */
export function parseServeOptions(args: ParsedArgs): ServeOptions {
  const requested = flagChoice(args, 'market', ['auto', 'live', 'replay'], 'auto')
  // Replay mode is chosen by --market replay; --mode picks paper or live trading.
  const modeFlag = flagChoice(args, 'mode', ['paper', 'live'], null)
  const port = parsePort(flagValue(args, 'port'))
  const data = args.flags.get('data') ?? []
  return {
    requested,
    modeFlag,
    port,
    bindHost: flagValue(args, 'host') ?? '127.0.0.1',
    data,
    replay: {
      kind: 'replay',
      speed: parseSpeed(flagValue(args, 'speed'), 60),
      ...(data.length > 0 ? { files: replayFilesBySymbol(data) } : {}),
      // Charts, indicators and agents have history from the first moment, as after a live start.
      warmup: 'live-backfill',
    },
    isLiveConfirmed: args.flags.has('confirm-live'),
  }
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
