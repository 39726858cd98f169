import pino from 'pino'
import type { Logger } from '../../../src-main/engine/logging/logger'

/** A logged line, parsed. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number }

/** A logger that keeps every line it writes (debug and up), parsed, for assertions. */
export function capturingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = []
  const logger = pino(
    { level: 'debug' },
    {
      write(line: string) {
        lines.push(JSON.parse(line) as LogLine)
      },
    },
  )
  return { logger, lines }
}

/** The lines whose message is `msg`. */
export function linesWith(lines: readonly LogLine[], msg: string): LogLine[] {
  return lines.filter((line) => line.msg === msg)
}
