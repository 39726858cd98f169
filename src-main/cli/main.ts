import { resolveAppPaths } from '../app-paths'
import { runCli } from './run-cli'

const code = await runCli(process.argv.slice(2), resolveAppPaths(), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  waitForStop: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    }),
  now: () => Date.now(),
})
process.exitCode = code
