import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import {
  agentOutputSchema,
  allocationSchema,
  candleSeriesSchema,
  closePositionResultSchema,
  closePreviewSchema,
  coordinatorStatusSchema,
  decisionTraceSchema,
  engineEventSchema,
  equityPointSchema,
  exposureSchema,
  marketSnapshotSchema,
  modelAssignmentSchema,
  modelStatsSchema,
  ollamaListSchema,
  orderSchema,
  positionSchema,
  rebalanceBatchSchema,
  riskStatusSchema,
  settingsSchema,
  systemInfoSchema,
  tradingDecisionSchema,
} from '../../../../src-shared/contract'
import * as build from '../../../helpers/renderer/builders'

describe('renderer fixture builders', () => {
  it.each<[string, z.ZodType, unknown]>([
    ['coordinator status', coordinatorStatusSchema, build.aCoordinatorStatus()],
    ['risk status', riskStatusSchema, build.aRiskStatus()],
    ['position', positionSchema, build.aPosition()],
    ['order', orderSchema, build.anOrder()],
    ['close preview', closePreviewSchema, build.aClosePreview()],
    ['close result', closePositionResultSchema, build.aCloseResult(build.aPosition())],
    ['allocation', allocationSchema, build.anAllocation()],
    ['exposure', exposureSchema, build.anExposure()],
    ['rebalance batch', rebalanceBatchSchema, build.aRebalanceBatch()],
    ['candle series', candleSeriesSchema, build.aCandleSeries(50)],
    ['snapshot', marketSnapshotSchema, build.aSnapshot()],
    ['agent output', agentOutputSchema, build.anAgentOutput()],
    ['trading decision', tradingDecisionSchema, build.aTradingDecision()],
    ['decision trace', decisionTraceSchema, build.aDecisionTrace()],
    ['model stats', modelStatsSchema, build.aModelStats()],
    ['model assignment', modelAssignmentSchema, build.anAssignment()],
    ['ollama list', ollamaListSchema, build.anOllamaList()],
    ['system info', systemInfoSchema, build.aSystemInfo()],
    ['settings', settingsSchema, build.someSettings()],
  ])('%s matches the contract', (_name, schema, value) => {
    expect(schema.safeParse(value).error).toBeUndefined()
  })

  it('builds equity points and events that match the contract', () => {
    for (const point of build.anEquityCurve(5))
      expect(equityPointSchema.safeParse(point).success).toBe(true)
    const all = [
      build.events.coordinatorState(),
      build.events.orderUpdated(),
      build.events.orderFilled(),
      build.events.positionUpdated(),
      build.events.positionClosed(),
      build.events.riskAlert(),
      build.events.agentOutput(),
      build.events.tick(),
      build.events.equity(),
      build.events.pullProgress(),
      build.events.notice(),
    ]
    for (const event of all) expect(engineEventSchema.safeParse(event).error).toBeUndefined()
  })

  it('draws the same candles every time', () => {
    expect(build.aCandleSeries(20)).toEqual(build.aCandleSeries(20))
  })
})
