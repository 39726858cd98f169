import Decimal from 'decimal.js'
import { asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  InMemoryRiskAlertPublisher,
  RiskEngine,
  defaultRiskConfig,
  initialRiskState,
  type RiskState,
} from '../../../src-main/engine/risk'
import {
  DatabaseRiskEventRecorder,
  DatabaseRiskStateRepository,
  schema,
  type Store,
} from '../../../src-main/engine/store'
import { WriteBehind } from '../../../src-main/engine/store/write-behind'
import { capturingLogger } from '../../helpers/llm/capturing-logger'
import { testStores, useTestStore } from '../../helpers/test-store'
import { MONDAY_NOON, aPortfolio, aProposal } from '../../unit/risk/risk-builders'

const trippedState: RiskState = {
  ...initialRiskState(MONDAY_NOON),
  equityPeak: new Decimal('12000.123456789012345678'),
  lastEquity: new Decimal('0.00000001'),
  daily: {
    periodStart: Date.UTC(2025, 0, 6),
    startEquity: new Decimal('10000'),
    realizedPnl: new Decimal('-612.25'),
  },
  consecutiveLosses: 2,
  cooldownUntil: MONDAY_NOON + 60_000,
  breakers: {
    daily_loss: { trippedAt: MONDAY_NOON, resetAt: Date.UTC(2025, 0, 7), reason: 'DAILY_LOSS: x' },
    weekly_loss: null,
    max_drawdown: { trippedAt: MONDAY_NOON, resetAt: null, reason: 'MAX_DRAWDOWN: y' },
    volatility: null,
  },
  pausedSymbols: { 'XRP/USDT': { pausedAt: MONDAY_NOON, until: null, reason: 'errors' } },
}

describe.each(testStores())('risk repositories on $name', (testStore) => {
  let store: Store
  useTestStore(
    testStore,
    (opened) => (store = opened),
    async (opened) => {
      await opened.db.delete(schema.riskState)
      await opened.db.delete(schema.riskEvents)
    },
  )

  const inBatches = () =>
    new WriteBehind({ db: store.db, logger: capturingLogger().logger, batchRows: 1000 })
  const breakerTripped = (occurredAt: number) => ({
    type: 'breaker_tripped' as const,
    occurredAt,
    breaker: 'volatility' as const,
    reason: 'VOLATILITY: atr_pct=9',
    resetAt: null,
  })

  describe('DatabaseRiskStateRepository', () => {
    it('loads nothing before the first save', async () => {
      expect(await new DatabaseRiskStateRepository(store.db).load()).toBeNull()
    })

    it('round-trips a state exactly, in one row per key', async () => {
      const repository = new DatabaseRiskStateRepository(store.db)
      await repository.save(initialRiskState(MONDAY_NOON - 1000))
      await repository.save(trippedState)
      const loaded = (await repository.load()) as RiskState
      expect(loaded.equityPeak?.toFixed()).toBe('12000.123456789012345678')
      expect(loaded.lastEquity?.toFixed()).toBe('0.00000001')
      expect(loaded).toEqual(trippedState)
      const rows = await store.db.select().from(schema.riskState)
      expect(rows).toHaveLength(1)
      expect(rows[0]?.id).toBe('risk_engine')
      expect(rows[0]?.updatedAt.getTime()).toBe(MONDAY_NOON)
    })

    it('keeps separate keys apart', async () => {
      await new DatabaseRiskStateRepository(store.db, undefined, 'replay-1').save(trippedState)
      expect(await new DatabaseRiskStateRepository(store.db, undefined, 'live').load()).toBeNull()
      expect(await new DatabaseRiskStateRepository(store.db, undefined, 'replay-1').load()).toEqual(
        trippedState,
      )
    })

    it('refuses a row it cannot read, naming the row and the problem', async () => {
      await store.db.insert(schema.riskState).values({
        id: 'risk_engine',
        state: { equityPeak: 12 },
        updatedAt: new Date(MONDAY_NOON),
      })
      const failure = await new DatabaseRiskStateRepository(store.db).load().catch((e) => e)
      expect(failure).toBeInstanceOf(Error)
      expect((failure as Error).message).toBe('risk_state row id=risk_engine cannot be restored')
      expect(String((failure as Error).cause)).toContain('path=equityPeak')
    })

    it('rejects a save it could not write at once', async () => {
      const repository = new DatabaseRiskStateRepository(store.db)
      await expect(repository.save({ ...trippedState, updatedAt: Number.NaN })).rejects.toThrow()
    })

    it('writes only the newest of the saves queued in a batch, and loads it', async () => {
      const writes = inBatches()
      const repository = new DatabaseRiskStateRepository(store.db, writes)
      await repository.save(initialRiskState(MONDAY_NOON))
      await repository.save(trippedState)
      expect(await store.db.select().from(schema.riskState)).toEqual([])
      expect(await repository.load()).toEqual(trippedState)
      expect(writes.stats.flushes).toBe(1)
    })

    it('keeps a tripped breaker across an engine restart', async () => {
      const clock = new VirtualClock(MONDAY_NOON)
      const create = () =>
        RiskEngine.create({
          config: defaultRiskConfig(),
          clock,
          logger: silentLogger(),
          stateRepository: new DatabaseRiskStateRepository(store.db),
          eventRecorder: new DatabaseRiskEventRecorder(store.db),
          alertPublisher: new InMemoryRiskAlertPublisher(),
        })
      const first = await create()
      await first.updateEquity(new Decimal('10000'))
      await first.recordTradeResult({ symbol: 'BTC/USDT', realizedPnl: new Decimal('-600') })
      expect(first.activeBreakers()).toEqual(['daily_loss'])
      await first.flush()

      const second = await create()
      expect(second.activeBreakers()).toEqual(['daily_loss'])
      expect(second.state().daily.realizedPnl.toFixed()).toBe('-600')
      expect(second.validate(aProposal().build(), aPortfolio().build(), null).status).toBe(
        'REJECTED',
      )
      await second.flush()
    })
  })

  describe('DatabaseRiskEventRecorder', () => {
    it('writes a validation with the proposal, the result, the checks and the reasons', async () => {
      const recorder = new DatabaseRiskEventRecorder(store.db)
      const proposal = aProposal().size(null).build()
      const result = { ...proposal, size: new Decimal('0.02') }
      const checks = [
        { rule: 'POSITION_SIZE', outcome: 'modified', message: 'POSITION_SIZE: sized=0.02' },
      ] as const
      await recorder.record({
        type: 'validation',
        occurredAt: MONDAY_NOON,
        symbol: 'BTC/USDT',
        correlationId: 'corr-1',
        status: 'MODIFIED',
        proposal,
        result,
        reasons: ['POSITION_SIZE: sized=0.02'],
        checks,
      })
      const [row] = await store.db
        .select()
        .from(schema.riskEvents)
        .where(eq(schema.riskEvents.correlationId, 'corr-1'))
      expect(row).toMatchObject({
        eventType: 'validation',
        symbol: 'BTC/USDT',
        status: 'MODIFIED',
        reasons: ['POSITION_SIZE: sized=0.02'],
      })
      expect(row?.createdAt.getTime()).toBe(MONDAY_NOON)
      expect(row?.proposal).toMatchObject({ size: null, entryPrice: '50000', stopLoss: '45000' })
      expect(row?.result).toEqual({
        proposal: expect.objectContaining({ size: '0.02' }),
        checks: [...checks],
      })
    })

    it('rejects an event it could not write at once', async () => {
      const recorder = new DatabaseRiskEventRecorder(store.db)
      await expect(recorder.record(breakerTripped(Number.NaN))).rejects.toThrow()
    })

    it('queues events in batches until a flush', async () => {
      const writes = inBatches()
      const recorder = new DatabaseRiskEventRecorder(store.db, writes)
      await recorder.record(breakerTripped(MONDAY_NOON))
      await recorder.record(breakerTripped(MONDAY_NOON + 1))
      expect(await store.db.select().from(schema.riskEvents)).toEqual([])
      await writes.flush()
      const rows = await store.db
        .select()
        .from(schema.riskEvents)
        .orderBy(asc(schema.riskEvents.createdAt))
      expect(rows.map((row) => row.createdAt.getTime())).toEqual([MONDAY_NOON, MONDAY_NOON + 1])
    })

    it('writes breaker and cooldown events with their data', async () => {
      const recorder = new DatabaseRiskEventRecorder(store.db)
      await recorder.record({
        type: 'breaker_tripped',
        occurredAt: MONDAY_NOON,
        breaker: 'volatility',
        reason: 'VOLATILITY: atr_pct=9',
        resetAt: MONDAY_NOON + 3_600_000,
      })
      await recorder.record({
        type: 'cooldown_started',
        occurredAt: MONDAY_NOON + 1,
        consecutiveLosses: 3,
        until: MONDAY_NOON + 60_000,
      })
      const rows = await store.db
        .select()
        .from(schema.riskEvents)
        .orderBy(asc(schema.riskEvents.createdAt))
      expect(rows.map((row) => [row.eventType, row.proposal, row.result, row.reasons])).toEqual([
        [
          'breaker_tripped',
          null,
          { breaker: 'volatility', resetAt: MONDAY_NOON + 3_600_000 },
          ['VOLATILITY: atr_pct=9'],
        ],
        ['cooldown_started', null, { consecutiveLosses: 3, until: MONDAY_NOON + 60_000 }, []],
      ])
      expect(rows.every((row) => row.symbol === null && row.status === null)).toBe(true)
    })
  })
})
