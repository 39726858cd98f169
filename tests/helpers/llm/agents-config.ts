import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { loadConfig } from '../../../src-main/engine/config'
import { CONFIG_DIR } from '../config-fixture'

/** The shipped agents.yaml with no environment, optionally changed by `edit`. */
export function shippedAgentsConfig(edit: (config: AgentsConfig) => void = () => {}): AgentsConfig {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
  const agents = structuredClone(config.agents)
  edit(agents)
  return agents
}
