import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import { CONFIG_FILES, type AppConfig, type ConfigFileName } from './config-files'
import { ConfigError, problemsFromZod, type ConfigProblem } from './config-problem'
import { agentRouteProblems, configWarnings } from './config-warnings'
import { riskTimeframeProblems } from './risk-timeframe-problems'
import { tradingQuoteProblems } from './trading-quote-problems'
import { substituteEnv } from './env-substitution'

export interface LoadConfigOptions {
  /** Folder with the default files (the repository's `config/`). */
  configDir: string
  /** Optional folder whose files replace the defaults file by file (`TRIPLEGAIN_CONFIG_DIR`). */
  userConfigDir?: string | null
  env?: Readonly<Record<string, string | undefined>>
}

export interface ConfigCheck {
  config: AppConfig | null
  problems: ConfigProblem[]
  warnings: string[]
  /** Which file each part was read from. */
  sources: Record<ConfigFileName, string>
}

/** Reads and validates every config file, collecting all problems instead of stopping at one. */
export function checkConfig(options: LoadConfigOptions): ConfigCheck {
  const env = options.env ?? process.env
  const problems: ConfigProblem[] = []
  const parsed: Partial<Record<ConfigFileName, unknown>> = {}
  const sources = {} as Record<ConfigFileName, string>

  for (const name of Object.keys(CONFIG_FILES) as ConfigFileName[]) {
    const fileName = `${name}.yaml`
    const userPath = options.userConfigDir ? join(options.userConfigDir, fileName) : null
    const path = userPath && existsSync(userPath) ? userPath : join(options.configDir, fileName)
    sources[name] = path
    const label = `config/${fileName}`
    const result = readConfigFile(path, label, env)
    if ('problem' in result) {
      problems.push(result.problem)
      continue
    }
    const validation = CONFIG_FILES[name].safeParse(result.value, { reportInput: true })
    if (validation.success) parsed[name] = validation.data
    else problems.push(...problemsFromZod(label, validation.error.issues))
  }

  if (problems.length > 0) return { config: null, problems, warnings: [], sources }
  const config = parsed as AppConfig
  for (const problem of agentRouteProblems(config)) {
    problems.push({ file: 'config/agents.yaml', ...problem })
  }
  for (const problem of riskTimeframeProblems(config)) {
    problems.push({ file: 'config/risk.yaml', ...problem })
  }
  for (const problem of tradingQuoteProblems(config)) {
    problems.push({ file: 'config/market.yaml', ...problem })
  }
  if (problems.length > 0) return { config: null, problems, warnings: [], sources }
  return { config, problems, warnings: configWarnings(config), sources }
}

/** Reads and validates every config file; throws a {@link ConfigError} naming every problem. */
export function loadConfig(options: LoadConfigOptions): { config: AppConfig; warnings: string[] } {
  const check = checkConfig(options)
  if (!check.config) throw new ConfigError(check.problems)
  return { config: check.config, warnings: check.warnings }
}

function readConfigFile(
  path: string,
  label: string,
  env: Readonly<Record<string, string | undefined>>,
): { value: unknown } | { problem: ConfigProblem } {
  if (!existsSync(path))
    return { problem: { file: label, path: '', message: `file not found at ${path}` } }
  let tree: unknown
  try {
    tree = parseYaml(readFileSync(path, 'utf8'))
  } catch (error) {
    const detail = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error)
    return { problem: { file: label, path: '', message: `not valid YAML: ${detail}` } }
  }
  if (tree === null || typeof tree !== 'object' || Array.isArray(tree)) {
    return {
      problem: { file: label, path: '', message: 'expected a mapping of keys at the top level' },
    }
  }
  return { value: substituteEnv(tree, env).value }
}
