import pino from 'pino'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { Logger } from '../../../src-main/engine/logging/logger'
import {
  MessageBus,
  type BusConfigInput,
  type TopicPayloadInput,
} from '../../../src-main/engine/bus'

/** A logger that keeps every line it writes, parsed, for assertions. */
export function capturingLogger(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = []
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>)
      },
    },
  )
  return { logger, lines }
}

/** A bus on a virtual clock with numbered ids (`msg-1`, `msg-2` …) and a capturing logger. */
export function aBus(config: BusConfigInput = {}, startMs = 1_000_000) {
  const clock = new VirtualClock(startMs)
  const { logger, lines } = capturingLogger()
  let next = 0
  const bus = new MessageBus({ clock, logger, config, idGenerator: () => `msg-${++next}` })
  return { bus, clock, logs: lines }
}

export function aTaSignal(
  overrides: Partial<TopicPayloadInput<'ta_signals'>> = {},
): TopicPayloadInput<'ta_signals'> {
  return {
    symbol: 'BTC/USDT',
    trend_direction: 'bullish',
    trend_strength: 0.72,
    momentum_score: 0.45,
    bias: 'long',
    confidence: 0.68,
    ...overrides,
  }
}

export function aTradingSignal(
  overrides: Partial<TopicPayloadInput<'trading_signals'>> = {},
): TopicPayloadInput<'trading_signals'> {
  return {
    symbol: 'BTC/USDT',
    action: 'BUY',
    confidence: 0.72,
    entry_price: '45250.0',
    stop_loss_pct: 2,
    take_profit_pct: 4,
    leverage: 2,
    ...overrides,
  }
}

export function aSystemEvent(
  eventType = 'tick',
  data: Record<string, unknown> = {},
): TopicPayloadInput<'system_events'> {
  return { event_type: eventType, data }
}

/** Returns a promise and the functions that settle it, for handlers the test finishes by hand. */
export function deferred<T = void>(): {
  promise: Promise<T>
  resolve: (value: T) => void
  reject: (error: unknown) => void
} {
  let resolve!: (value: T) => void
  let reject!: (error: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}
