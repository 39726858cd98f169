import type { AppPaths } from '../app-paths'
import { parseArgs, UsageError, type CliIo } from './cli-io'
import { runConfigCheck } from './commands/config-check'
import { runDbMigrate } from './commands/db-migrate'
import { runReplay } from './commands/replay'
import { runServe } from './commands/serve'

/** The app version shown by the hosts. */
export const VERSION = '0.1.0'

export const USAGE = `usage: npm run triplegain -- <command>

commands:
  config check [--config-dir DIR]   validate every config file; prints OK or every problem
  db migrate                        apply migrations to the configured database (PGlite, or DATABASE_URL)
  serve [--host H] [--port P] [--market auto|live|replay] [--data FILE…] [--speed N|max]
                                    headless host: REST /api/v1, WebSocket events, the UI at /
  replay [--data FILE…] [--from DATE] [--to DATE] [--speed N|max]
                                    the engine over recorded candles; ends with a report
`

/** Runs one CLI command and returns the process exit code; never throws. */
export async function runCli(argv: readonly string[], paths: AppPaths, io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['confirm-live']))
    const [group, action] = args.positional
    const command =
      group === 'serve' || group === 'replay' ? group : `${group ?? ''} ${action ?? ''}`.trim()
    switch (command) {
      case 'config check':
        return runConfigCheck(args, paths, io)
      case 'db migrate':
        return await runDbMigrate(paths, io)
      case 'serve': {
        const host = await runServe(args, paths, io, VERSION)
        await (io.waitForStop?.() ?? Promise.resolve())
        await host.close()
        return 0
      }
      case 'replay':
        return await runReplay(args, paths, io, VERSION, io.now?.() ?? Date.now())
      default:
        throw new UsageError(command ? `unknown command: ${command}` : 'no command given')
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`)
      io.err(USAGE)
      return 2
    }
    // A clear one-line message, never a stack trace.
    io.err(`error: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}
