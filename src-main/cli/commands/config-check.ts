import { resolve } from 'node:path'
import { checkConfig, formatProblem } from '../../engine/config'
import type { AppPaths } from '../../app-paths'
import { flagValue, type CliIo, type ParsedArgs } from '../cli-io'
import { counted } from '../../../src-shared/counted'

/** `config check [--config-dir DIR]`: validates every config file; exit 0 when all are valid. */
export function runConfigCheck(args: ParsedArgs, paths: AppPaths, io: CliIo): number {
  const override = flagValue(args, 'config-dir')
  const configDir = override ? resolve(override) : paths.configDir
  const check = checkConfig({
    configDir,
    userConfigDir: override ? null : paths.userConfigDir,
    env: io.env,
  })
  for (const warning of check.warnings) io.err(`warning: ${warning}`)
  if (check.problems.length > 0) {
    for (const problem of check.problems) io.err(formatProblem(problem))
    io.err(`${counted(check.problems.length, 'problem')} in ${configDir}`)
    return 1
  }
  io.out(`OK: ${Object.keys(check.sources).length} config files valid in ${configDir}`)
  return 0
}
