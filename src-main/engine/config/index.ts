export { CONFIG_FILES, type AppConfig, type ConfigFileName } from './config-files'
export { ConfigError, formatProblem, type ConfigProblem } from './config-problem'
export { checkConfig, loadConfig, type ConfigCheck, type LoadConfigOptions } from './load-config'
export { withRulesOnlyAgents } from './rules-only-agents'
