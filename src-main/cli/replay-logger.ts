import pino from 'pino'
import { createLogger, type Logger, type LogLevel } from '../engine/logging/logger'

/** The level of a replay's log file unless TRIPLEGAIN_LOG_LEVEL says otherwise. */
const DEFAULT_FILE_LEVEL: LogLevel = 'info'

/**
 * The logger of a replay run: every line at `level` (info by default) into `logPath` in the
 * run's folder, and only errors on the terminal, in words, where the progress bar and the
 * report are. A breaker extended every minute of a crash filled the terminal before; the file
 * keeps it all beside the report. Written synchronously: a replay logs a few hundred lines a
 * day of data, and none may be lost when the command exits.
 */
export function replayLogger(
  logPath: string,
  level: LogLevel | undefined,
  err: (line: string) => void,
): Logger {
  const fileLevel = level ?? DEFAULT_FILE_LEVEL
  const terminal = {
    write(line: string): void {
      err(`error: ${messageOf(line)} (details in ${logPath})`)
    },
  }
  return createLogger({
    level: fileLevel,
    destination: pino.multistream([
      // A silent logger writes nothing; the stream's level must still be a real one.
      {
        level: fileLevel === 'silent' ? 'fatal' : fileLevel,
        stream: pino.destination({ dest: logPath, sync: true }),
      },
      { level: 'error', stream: terminal },
    ]),
  })
}

/** The `msg` of a pino JSON line, or the line itself when it has none. */
function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown }
    return typeof parsed.msg === 'string' ? parsed.msg : line.trimEnd()
  } catch {
    return line.trimEnd()
  }
}
