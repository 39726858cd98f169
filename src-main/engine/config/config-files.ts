import type { z } from 'zod'
import { riskConfigSchema } from '../risk/risk-config'
import { agentsFileSchema } from './schemas/agents'
import { executionFileSchema } from './schemas/execution'
import { marketFileSchema } from './schemas/market'
import { orchestrationFileSchema } from './schemas/orchestration'
import { portfolioFileSchema } from './schemas/portfolio'

/** Every config file the app reads (`config/<name>.yaml`) and the schema it must satisfy. */
export const CONFIG_FILES = {
  orchestration: orchestrationFileSchema,
  portfolio: portfolioFileSchema,
  execution: executionFileSchema,
  agents: agentsFileSchema,
  market: marketFileSchema,
  risk: riskConfigSchema,
} as const

export type ConfigFileName = keyof typeof CONFIG_FILES

/** The whole validated configuration, one entry per file. */
export type AppConfig = { [Name in ConfigFileName]: z.infer<(typeof CONFIG_FILES)[Name]> }
