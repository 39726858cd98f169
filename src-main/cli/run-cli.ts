import { storeOptionsFor, type AppPaths } from '../app-paths'
import { EarlyStore } from '../engine/store/early-store'
import { parseArgs, refuseUnknownFlags, UsageError, type CliIo } from './cli-io'

/** The app version shown by the hosts. */
export const VERSION = '0.1.0'

export const USAGE = `usage: npm run triplegain -- <command>

commands:
  help, --help                      print this text
  config check [--config-dir DIR]   validate every config file; prints OK or every problem
  db migrate                        apply migrations to the configured database (PGlite, or DATABASE_URL)
  serve [--host H] [--port P] [--market auto|live|replay] [--data FILE…] [--speed N|max]
        [--mode paper|live] [--confirm-live]
                                    headless host: REST /api/v1, WebSocket events, the UI at /
  replay [--data FILE…] [--from DATE] [--to DATE] [--speed N|max]
                                    the engine over recorded candles; ends with a report
                                    (it warms up on the candles before --from, not traded)
`

/** The options each command takes; any other is refused. */
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  'config check': ['config-dir'],
  'db migrate': [],
  serve: ['host', 'port', 'market', 'data', 'speed', 'mode', 'confirm-live'],
  replay: ['data', 'from', 'to', 'speed'],
}

/**
 * Runs one CLI command and returns the process exit code; never throws. Each command's module
 * is imported when that command runs: `--help` or `config check` need not load the engine,
 * and `replay` need not load the HTTP server.
 */
export async function runCli(argv: readonly string[], paths: AppPaths, io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv, new Set(['confirm-live', 'help']))
    const [group, action] = args.positional
    if (args.flags.has('help') || group === 'help') {
      io.out(USAGE)
      return 0
    }
    const command =
      group === 'serve' || group === 'replay' ? group : `${group ?? ''} ${action ?? ''}`.trim()
    const options = OPTIONS[command]
    if (options) refuseUnknownFlags(args, command, options)
    switch (command) {
      case 'config check': {
        const { runConfigCheck } = await import('./commands/config-check')
        return runConfigCheck(args, paths, io)
      }
      case 'db migrate': {
        const { runDbMigrate } = await import('./commands/db-migrate')
        return await runDbMigrate(paths, io)
      }
      case 'serve': {
        const { parseServeOptions } = await import('./commands/serve-options')
        const serveOptions = parseServeOptions(args)
        // Started before the host's modules load, so the database boots while they do; a
        // replay has a store of its own (see runServe).
        const earlyStore =
          serveOptions.requested === 'replay'
            ? null
            : EarlyStore.startFor(storeOptionsFor(io.env, paths))
        try {
          const { runServe } = await import('./commands/serve')
          const host = await runServe(serveOptions, paths, io, VERSION, earlyStore)
          await (io.waitForStop?.() ?? Promise.resolve())
          await host.close()
          return 0
        } finally {
          // Nothing when the engine took it over; a serve that failed before frees the folder.
          await earlyStore?.discard()
        }
      }
      case 'replay': {
        const { runReplay } = await import('./commands/replay')
        return await runReplay(args, paths, io, VERSION, io.now?.() ?? Date.now())
      }
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
