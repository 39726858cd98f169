import type { AppPaths } from '../app-paths'
import { parseArgs, UsageError, type CliIo } from './cli-io'
import { runConfigCheck } from './commands/config-check'
import { runDbMigrate } from './commands/db-migrate'

export const USAGE = `usage: npm run triplegain -- <command>

commands:
  config check [--config-dir DIR]   validate every config file; prints OK or every problem
  db migrate                        apply migrations to the configured database (PGlite, or DATABASE_URL)
`

/** Runs one CLI command and returns the process exit code; never throws. */
export async function runCli(argv: readonly string[], paths: AppPaths, io: CliIo): Promise<number> {
  try {
    const args = parseArgs(argv)
    const [group, action] = args.positional
    const command = `${group ?? ''} ${action ?? ''}`.trim()
    switch (command) {
      case 'config check':
        return runConfigCheck(args, paths, io)
      case 'db migrate':
        return await runDbMigrate(paths, io)
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
