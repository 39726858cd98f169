import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'
import { coordinatorCommands } from './coordinator-commands'
import { insightCommands } from './insight-commands'
import { marketCommands } from './market-commands'
import { ollamaCommands } from './ollama-commands'
import { portfolioCommands } from './portfolio-commands'
import { settingsCommands } from './settings-commands'
import { tradingCommands } from './trading-commands'

/** The service layer: one handler per contract command, over the composed engine's parts. */
export function createCommandHandlers(parts: EngineParts): CommandHandlers {
  return {
    ...coordinatorCommands(parts),
    ...tradingCommands(parts),
    ...portfolioCommands(parts),
    ...insightCommands(parts),
    ...ollamaCommands(parts),
    ...marketCommands(parts),
    ...settingsCommands(parts, parts.clock.now()),
  }
}
