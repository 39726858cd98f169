import { z } from 'zod'
import {
  agentOutputSchema,
  agentOutputsInput,
  correlationIdInput,
  decisionTraceSchema,
  recentDecisionsInput,
  tradingDecisionSchema,
} from './agents'
import {
  coordinatorStatusSchema,
  killSwitchInput,
  killSwitchResultSchema,
  taskNameInput,
  taskStatusSchema,
} from './coordinator'
import { candleSeriesSchema, candlesInput, marketSnapshotSchema } from './market'
import {
  modelAssignmentSchema,
  modelComparisonInput,
  modelStatsSchema,
  ollamaListSchema,
  ollamaModelNameInput,
  providerHealthSchema,
  pullIdInput,
  pullStartedSchema,
} from './models'
import {
  executionStatsSchema,
  orderIdInput,
  orderSchema,
  ordersListInput,
  syncResultSchema,
} from './orders'
import {
  allocationSchema,
  batchIdInput,
  cancelRebalanceResultSchema,
  equityCurveInput,
  equityPointSchema,
  rebalanceBatchSchema,
  rebalanceIdInput,
  rebalanceInput,
  rebalanceResultSchema,
} from './portfolio'
import {
  closePositionInput,
  closePositionResultSchema,
  closePreviewInput,
  closePreviewSchema,
  exposureSchema,
  modifyPositionInput,
  positionIdInput,
  positionSchema,
  positionsListInput,
} from './positions'
import { engineEventSchema } from './events'
import { emptyInput, symbolInput } from './primitives'
import { recentEventsInput } from './recent-events'
import { breakerNameInput, riskStatusSchema } from './risk'
import {
  apiKeyStatusSchema,
  clearApiKeyInput,
  setApiKeyInput,
  settingsSchema,
  systemInfoSchema,
} from './settings'

type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

interface CommandDefinition {
  input: z.ZodType
  output: z.ZodType
  /** The REST route under /api/v1; `:name` segments fill input fields of the same name. */
  http: { method: HttpMethod; path: string }
  summary: string
}

const command = <I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  method: HttpMethod,
  path: string,
  summary: string,
) => ({ input, output, http: { method, path }, summary }) satisfies CommandDefinition

const ack = z.object({ done: z.literal(true) })

/**
 * Every command that crosses the boundary (IPC and HTTP), named `domain:verb`. The IPC
 * transport, the REST routes, the OpenAPI description and the renderer's client are all
 * built from this table.
 */
export const COMMANDS = {
  'system:info': command(
    emptyInput,
    systemInfoSchema,
    'GET',
    '/system/info',
    'Host, mode and first-run notices',
  ),

  'coordinator:status': command(
    emptyInput,
    coordinatorStatusSchema,
    'GET',
    '/coordinator/status',
    'Coordinator state, tasks and statistics',
  ),
  'coordinator:pause': command(
    emptyInput,
    coordinatorStatusSchema,
    'POST',
    '/coordinator/pause',
    'Pause trading; analysis keeps running',
  ),
  'coordinator:resume': command(
    emptyInput,
    coordinatorStatusSchema,
    'POST',
    '/coordinator/resume',
    'Resume trading from PAUSED or HALTED',
  ),
  'coordinator:pauseSymbol': command(
    symbolInput,
    coordinatorStatusSchema,
    'POST',
    '/coordinator/symbols/:symbol/pause',
    'Stop opening trades in one symbol; analysis keeps running',
  ),
  'coordinator:resumeSymbol': command(
    symbolInput,
    coordinatorStatusSchema,
    'POST',
    '/coordinator/symbols/:symbol/resume',
    'Trade a paused symbol again (paused by hand or after repeated execution errors)',
  ),
  'coordinator:runTask': command(
    taskNameInput,
    taskStatusSchema,
    'POST',
    '/coordinator/task/:name/run',
    'Run a scheduled task now',
  ),
  'coordinator:enableTask': command(
    taskNameInput,
    taskStatusSchema,
    'POST',
    '/coordinator/task/:name/enable',
    'Enable a scheduled task',
  ),
  'coordinator:disableTask': command(
    taskNameInput,
    taskStatusSchema,
    'POST',
    '/coordinator/task/:name/disable',
    'Disable a scheduled task',
  ),
  'coordinator:killSwitch': command(
    killSwitchInput,
    killSwitchResultSchema,
    'POST',
    '/coordinator/kill-switch',
    'Halt trading, cancel open orders, optionally close all positions',
  ),

  'risk:status': command(
    emptyInput,
    riskStatusSchema,
    'GET',
    '/risk/status',
    'Circuit breakers and risk state',
  ),
  'risk:resetBreaker': command(
    breakerNameInput,
    riskStatusSchema,
    'POST',
    '/risk/breakers/:name/reset',
    'Manually reset a tripped circuit breaker',
  ),

  'portfolio:allocation': command(
    emptyInput,
    allocationSchema,
    'GET',
    '/portfolio/allocation',
    'Current allocation vs target, hodl bags excluded',
  ),
  'portfolio:rebalance': command(
    rebalanceInput,
    rebalanceResultSchema,
    'POST',
    '/portfolio/rebalance',
    'Force a rebalance check',
  ),
  'portfolio:equityCurve': command(
    equityCurveInput,
    z.array(equityPointSchema),
    'GET',
    '/portfolio/equity',
    'Equity over time',
  ),
  'portfolio:pendingBatches': command(
    emptyInput,
    z.array(rebalanceBatchSchema),
    'GET',
    '/portfolio/batches',
    'Pending DCA batches of rebalances, in execution order, with when each is due',
  ),
  'portfolio:cancelBatch': command(
    batchIdInput,
    rebalanceBatchSchema,
    'POST',
    '/portfolio/batches/:id/cancel',
    'Cancel a pending DCA batch; refused once it is sent or done',
  ),
  'portfolio:cancelRebalance': command(
    rebalanceIdInput,
    cancelRebalanceResultSchema,
    'POST',
    '/portfolio/rebalances/:id/cancel',
    'Cancel every pending DCA batch of a rebalance; returns how many',
  ),

  'positions:list': command(
    positionsListInput,
    z.array(positionSchema),
    'GET',
    '/positions',
    'Positions filtered by status and symbol',
  ),
  'positions:exposure': command(
    emptyInput,
    exposureSchema,
    'GET',
    '/positions/exposure',
    'Total and per-symbol exposure',
  ),
  'positions:get': command(
    positionIdInput,
    positionSchema,
    'GET',
    '/positions/:id',
    'One position',
  ),
  'positions:closePreview': command(
    closePreviewInput,
    closePreviewSchema,
    'GET',
    '/positions/:id/close-preview',
    'Estimated exit price, fee and P&L of closing all or part (size or sizePct) now',
  ),
  'positions:close': command(
    closePositionInput,
    closePositionResultSchema,
    'POST',
    '/positions/:id/close',
    'Close a position, or part of it with size or sizePct',
  ),
  'positions:modify': command(
    modifyPositionInput,
    positionSchema,
    'PATCH',
    '/positions/:id',
    'Change stop-loss, take-profit or trailing stop',
  ),

  'orders:list': command(
    ordersListInput,
    z.array(orderSchema),
    'GET',
    '/orders',
    'Open orders, or all with status=all',
  ),
  'orders:sync': command(
    emptyInput,
    syncResultSchema,
    'POST',
    '/orders/sync',
    'Reconcile orders, fills and balances with the exchange',
  ),
  'orders:get': command(
    orderIdInput,
    orderSchema,
    'GET',
    '/orders/:id',
    'One order with its status timeline',
  ),
  'orders:cancel': command(
    orderIdInput,
    orderSchema,
    'POST',
    '/orders/:id/cancel',
    "Cancel an open order; a position's stop-loss or take-profit order also takes that level off the position, so it is not placed again",
  ),
  'execution:stats': command(
    emptyInput,
    executionStatsSchema,
    'GET',
    '/stats/execution',
    'Execution statistics',
  ),

  'events:recent': command(
    recentEventsInput,
    z.array(engineEventSchema),
    'GET',
    '/events/recent',
    'The latest events worth a line in the activity feed, oldest first (fills a feed after a reload), led by the coordinator state before them',
  ),

  'agents:outputs': command(
    agentOutputsInput,
    z.array(agentOutputSchema),
    'GET',
    '/agents/outputs',
    'Recent agent outputs',
  ),
  'decisions:recent': command(
    recentDecisionsInput,
    z.array(tradingDecisionSchema),
    'GET',
    '/decisions',
    'Recent trading decisions with each model’s vote',
  ),
  'decisions:trace': command(
    correlationIdInput,
    decisionTraceSchema,
    'GET',
    '/decisions/:correlationId/trace',
    'Everything tied to one correlation id, signal to fill',
  ),

  'models:comparison': command(
    modelComparisonInput,
    z.array(modelStatsSchema),
    'GET',
    '/models/comparison',
    'A/B comparison of the trading-decision models',
  ),
  'models:assignments': command(
    emptyInput,
    z.array(modelAssignmentSchema),
    'GET',
    '/models/assignments',
    'Which agent uses which model',
  ),
  'models:health': command(
    emptyInput,
    z.array(providerHealthSchema),
    'GET',
    '/models/health',
    'Provider availability and health',
  ),
  'ollama:list': command(
    emptyInput,
    ollamaListSchema,
    'GET',
    '/ollama/models',
    'Local Ollama models and which are running',
  ),
  'ollama:pull': command(
    ollamaModelNameInput,
    pullStartedSchema,
    'POST',
    '/ollama/pull',
    'Start pulling a model; progress arrives as events',
  ),
  'ollama:cancelPull': command(
    pullIdInput,
    ack,
    'POST',
    '/ollama/pull/:pullId/cancel',
    'Cancel a running pull',
  ),
  'ollama:delete': command(
    ollamaModelNameInput,
    ack,
    'DELETE',
    '/ollama/models/:name',
    'Delete a local model',
  ),

  'market:candles': command(
    candlesInput,
    candleSeriesSchema,
    'GET',
    '/market/:symbol/candles',
    'Candles with EMA and Bollinger overlays',
  ),
  'market:snapshot': command(
    symbolInput,
    marketSnapshotSchema,
    'GET',
    '/market/:symbol/snapshot',
    'Latest market snapshot with TA and regime',
  ),

  'settings:get': command(
    emptyInput,
    settingsSchema,
    'GET',
    '/settings',
    'Read-only configuration and key status',
  ),
  'settings:apiKeys': command(
    emptyInput,
    z.array(apiKeyStatusSchema),
    'GET',
    '/settings/api-keys',
    'Which keys are set (never the keys)',
  ),
  'settings:setApiKey': command(
    setApiKeyInput,
    z.array(apiKeyStatusSchema),
    'PUT',
    '/settings/api-keys/:provider',
    'Store a key encrypted (desktop only)',
  ),
  'settings:clearApiKey': command(
    clearApiKeyInput,
    z.array(apiKeyStatusSchema),
    'DELETE',
    '/settings/api-keys/:provider',
    'Remove a stored key',
  ),
} as const

export type CommandName = keyof typeof COMMANDS
export type CommandInput<Name extends CommandName> = z.input<(typeof COMMANDS)[Name]['input']>
export type CommandParsedInput<Name extends CommandName> = z.output<
  (typeof COMMANDS)[Name]['input']
>
export type CommandOutput<Name extends CommandName> = z.output<(typeof COMMANDS)[Name]['output']>

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[]
