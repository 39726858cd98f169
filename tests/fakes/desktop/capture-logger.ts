import { Writable } from 'node:stream'
import { createLogger, type Logger } from '../../../src-main/engine/logging/logger'

/** A logger whose JSON lines are kept for assertions (and for checking no secret leaks). */
export function captureLogger(): {
  logger: Logger
  lines: Record<string, unknown>[]
  text(): string
} {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  const logger = createLogger({ level: 'debug', destination })
  return { logger, lines, text: () => lines.map((line) => JSON.stringify(line)).join('\n') }
}
