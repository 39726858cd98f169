import pino from 'pino'

/** The structured logger every engine component receives. */
export type Logger = pino.Logger

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

/** Key paths whose values are never written to a log, wherever they appear. */
export const REDACTED_PATHS = [
  'apiKey',
  'api_key',
  'apiSecret',
  'api_secret',
  'secret',
  'password',
  'token',
  'authorization',
  '*.apiKey',
  '*.api_key',
  '*.apiSecret',
  '*.api_secret',
  '*.secret',
  '*.password',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["api-key"]',
  '*.headers["x-api-key"]',
  '*.headers["api-sign"]',
]

export interface LoggerOptions {
  level?: LogLevel
  /** Where JSON lines go; stdout when omitted. */
  destination?: pino.DestinationStream
  name?: string
}

/** Creates a pino logger that redacts secrets. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'triplegain',
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  )
}

/** A logger that writes nothing; for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' })
}
