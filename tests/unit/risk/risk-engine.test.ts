import Decimal from 'decimal.js'
import { describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  InMemoryRiskAlertPublisher,
  InMemoryRiskEventRecorder,
  InMemoryRiskStateRepository,
  RiskEngine,
  defaultRiskConfig,
  initialRiskState,
  parseRiskStateRecord,
  toRiskStateRecord,
  type RiskEvent,
  type RiskState,
} from '../../../src-main/engine/risk'
import { DAY, HOUR, MINUTE, MONDAY_NOON, aPortfolio, aProposal, makeHarness } from './risk-builders'

const result = (pnl: string) => ({ symbol: 'BTC/USDT', realizedPnl: new Decimal(pnl) })
const portfolio = () => aPortfolio().build()

/** Keeps the state as the database does, as its JSON record, and counts the saves. */
class JsonRiskStateRepository extends InMemoryRiskStateRepository {
  override async save(state: RiskState): Promise<void> {
    const stored: unknown = JSON.parse(JSON.stringify(toRiskStateRecord(state)))
    await super.save(parseRiskStateRecord(stored))
  }
}

describe('cooldown after consecutive losses', () => {
  it('refuses entries for 60 minutes after the third loss in a row, across a restart', async () => {
    const harness = await makeHarness()
    const { engine, clock } = harness
    await engine.recordTradeResult(result('-10'))
    await engine.recordTradeResult(result('-10'))
    expect(engine.validate(aProposal().build(), portfolio(), null).status).toBe('APPROVED')
    await engine.recordTradeResult(result('-10'))

    const refused = engine.validate(aProposal().build(), portfolio(), null)
    expect(refused.status).toBe('REJECTED')
    expect(refused.reasons).toEqual([
      'COOLDOWN: consecutive_losses=3 until=2025-01-06T13:00:00.000Z',
    ])
    expect(harness.recorder.events).toContainEqual({
      type: 'cooldown_started',
      occurredAt: MONDAY_NOON,
      consecutiveLosses: 3,
      until: MONDAY_NOON + HOUR,
    })

    await harness.restart()
    await clock.advanceTo(MONDAY_NOON + HOUR - 1)
    expect(harness.engine.validate(aProposal().build(), portfolio(), null).status).toBe('REJECTED')
    await clock.advance(1)
    expect(harness.engine.validate(aProposal().build(), portfolio(), null).status).toBe('APPROVED')
    expect(harness.engine.state().cooldownUntil).toBeNull()
  })

  it('lets closing trades through during a cooldown', async () => {
    const { engine } = await makeHarness()
    for (let index = 0; index < 3; index++) await engine.recordTradeResult(result('-10'))
    const close = aProposal().action('CLOSE').build()
    expect(engine.validate(close, portfolio(), null).status).toBe('APPROVED')
  })

  it.each([
    { name: 'a win ends the streak', results: ['-1', '-1', '5', '-1', '-1'], isCooling: false },
    { name: 'breakeven ends the streak', results: ['-1', '-1', '0', '-1', '-1'], isCooling: false },
    { name: 'three losses in a row', results: ['5', '-1', '-1', '-1'], isCooling: true },
  ])('$name: cooldown $isCooling', async ({ results, isCooling }) => {
    const { engine } = await makeHarness()
    for (const pnl of results) await engine.recordTradeResult(result(pnl))
    expect(engine.state().cooldownUntil !== null).toBe(isCooling)
  })

  it('starts again on the next loss of an unbroken streak', async () => {
    const { engine, clock } = await makeHarness()
    for (let index = 0; index < 3; index++) await engine.recordTradeResult(result('-1'))
    await clock.advance(2 * HOUR)
    expect(engine.state().cooldownUntil).toBeNull()
    await engine.recordTradeResult(result('-1'))
    expect(engine.state().consecutiveLosses).toBe(4)
    expect(engine.state().cooldownUntil).toBe(MONDAY_NOON + 3 * HOUR)
  })

  it('follows the configured streak length and duration', async () => {
    const { engine } = await makeHarness({
      settings: { cooldown: { consecutive_losses: 1, minutes: 15 } },
    })
    await engine.recordTradeResult(result('-1'))
    expect(engine.state().cooldownUntil).toBe(MONDAY_NOON + 15 * MINUTE)
  })
})

describe('paused symbols', () => {
  it('refuses entries on a paused symbol only, until resumed, across a restart', async () => {
    const harness = await makeHarness()
    await harness.engine.pauseSymbol('BTC/USDT', { reason: 'execution errors' })
    await harness.restart()
    const engine = harness.engine
    const refused = engine.validate(aProposal().build(), portfolio(), null)
    expect(refused.reasons).toEqual([
      'SYMBOL_PAUSED: symbol=BTC/USDT until=resumed reason=execution errors',
    ])
    const xrp = aProposal().on('XRP/USDT').at('0.6').stop('0.5').target('0.8').size('100').build()
    expect(engine.validate(xrp, portfolio(), null).status).toBe('APPROVED')
    expect(engine.validate(aProposal().action('CLOSE').build(), portfolio(), null).status).toBe(
      'APPROVED',
    )

    expect(await engine.resumeSymbol('BTC/USDT')).toBe(true)
    expect(await engine.resumeSymbol('BTC/USDT')).toBe(false)
    expect(engine.validate(aProposal().build(), portfolio(), null).status).toBe('APPROVED')
  })

  it('ends a timed pause by itself', async () => {
    const { engine, clock } = await makeHarness()
    await engine.pauseSymbol('BTC/USDT', { until: MONDAY_NOON + 10 * MINUTE })
    expect(engine.validate(aProposal().build(), portfolio(), null).reasons[0]).toBe(
      'SYMBOL_PAUSED: symbol=BTC/USDT until=2025-01-06T12:10:00.000Z reason=paused',
    )
    await clock.advance(10 * MINUTE)
    expect(engine.validate(aProposal().build(), portfolio(), null).status).toBe('APPROVED')
    expect(engine.state().pausedSymbols).toEqual({})
  })
})

describe('risk events', () => {
  it('records every decision with the proposal, the result and the reasons', async () => {
    const { engine, recorder } = await makeHarness()
    const approved = aProposal().build()
    const modified = aProposal().size(null).build()
    const rejected = aProposal().stop(null).build()
    const results = [approved, modified, rejected].map((proposal) =>
      engine.validate(proposal, portfolio(), null),
    )
    await engine.flush()
    const validations = recorder.events.filter(
      (event): event is Extract<RiskEvent, { type: 'validation' }> => event.type === 'validation',
    )
    expect(validations.map((event) => event.status)).toEqual(['APPROVED', 'MODIFIED', 'REJECTED'])
    validations.forEach((event, index) => {
      const validation = results[index]!
      expect(event).toEqual({
        type: 'validation',
        occurredAt: MONDAY_NOON,
        symbol: 'BTC/USDT',
        correlationId: 'corr-1',
        status: validation.status,
        proposal: [approved, modified, rejected][index],
        result: validation.proposal,
        reasons: validation.reasons,
        checks: validation.checks,
      })
    })
    // Sized: 10,000 × 1 % ÷ (5,000 + 0.0026 × (50,000 + 45,000)) = 100 ÷ 5,247 = 0.019058509…
    expect(validations[1]?.result.size?.toFixed()).toBe('0.0190585')
  })

  it('records a missing correlation id as null', async () => {
    const { engine, recorder } = await makeHarness()
    engine.validate({ ...aProposal().build(), correlationId: undefined }, portfolio(), null)
    expect(recorder.events[0]).toMatchObject({ type: 'validation', correlationId: null })
  })
})

describe('risk state persistence', () => {
  it('saves P&L, streak and peak as they change', async () => {
    const { engine, repository } = await makeHarness()
    await engine.updateEquity(new Decimal('10000'))
    await engine.recordTradeResult(result('-120.5'))
    const saved = (await repository.load()) as RiskState
    expect(saved.daily.realizedPnl.toFixed()).toBe('-120.5')
    expect(saved.weekly.realizedPnl.toFixed()).toBe('-120.5')
    expect(saved.consecutiveLosses).toBe(1)
    expect(saved.equityPeak?.toFixed()).toBe('10000')
  })

  it('saves a new equity peak seen in a validation', async () => {
    const { engine, repository } = await makeHarness()
    engine.validate(aProposal().build(), aPortfolio().equity('15000').build(), null)
    await engine.flush()
    expect((await repository.load())?.equityPeak?.toFixed()).toBe('15000')
  })

  it('saves a fall in equity, so that the next day after a restart starts from it', async () => {
    const harness = await makeHarness()
    await harness.engine.updateEquity(new Decimal('10000'))
    await harness.engine.updateEquity(new Decimal('9000'))
    harness.engine.validate(aProposal().build(), aPortfolio().equity('8900').build(), null)
    await harness.engine.flush()
    expect((await harness.repository.load())?.lastEquity?.toFixed()).toBe('8900')

    await harness.clock.advanceTo(Date.UTC(2025, 0, 7, 1))
    await harness.restart()
    const state = harness.engine.state()
    expect(state.lastEquity?.toFixed()).toBe('8900')
    expect(state.daily.startEquity?.toFixed()).toBe('8900')
    // 450 is 5.06 % of the 8,900 the day began with (4.5 % of the former peak).
    await harness.engine.recordTradeResult(result('-450'))
    expect(harness.engine.activeBreakers()).toEqual(['daily_loss'])
  })

  it('does not save when a validation changes nothing', async () => {
    const repository = new InMemoryRiskStateRepository()
    const { engine } = await makeHarness({ repository })
    engine.validate(aProposal().build(), portfolio(), null)
    await engine.flush()
    const saves = repository.saves()
    for (let index = 0; index < 10; index++) engine.validate(aProposal().build(), portfolio(), null)
    await engine.flush()
    expect(repository.saves()).toBe(saves)
  })

  it('saves nothing in a quiet hour of what the engine does each minute, and a restart restores exactly the state it left', async () => {
    const repository = new JsonRiskStateRepository()
    const harness = await makeHarness({ repository })
    const { engine, clock } = harness
    await engine.updateEquity(new Decimal('10000'))
    await engine.recordTradeResult(result('-25.5'))
    await engine.pauseSymbol('XRP/USDT', { until: MONDAY_NOON + 2 * HOUR, reason: 'news' })
    const saves = repository.saves()
    // Each minute: the equity snapshot (with the day's P&L read from the state), a calm
    // volatility reading per traded symbol, the coordinator's look at the breakers.
    for (let minute = 0; minute < 60; minute++) {
      await clock.advance(MINUTE)
      engine.state()
      await engine.updateEquity(new Decimal('10000'))
      await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 1, priceMovePct: 0.5 })
      await engine.updateVolatility({ symbol: 'XRP/USDT', atrPct: 1.5, priceMovePct: -0.2 })
      engine.activeBreakers()
    }
    await engine.flush()
    expect(repository.saves()).toBe(saves)

    // A real change is saved at once, and is what a restart comes back to.
    await engine.updateEquity(new Decimal('9990.25'))
    expect(repository.saves()).toBe(saves + 1)
    const left = engine.state()
    await harness.restart()
    expect(harness.engine.state()).toEqual(left)
    expect(repository.saves()).toBe(saves + 1)
  })

  it('does not save a breakeven trade that ends no losing streak', async () => {
    const repository = new InMemoryRiskStateRepository()
    const { engine } = await makeHarness({ repository })
    await engine.recordTradeResult(result('12'))
    const saves = repository.saves()
    const before = engine.state()
    await engine.recordTradeResult(result('0'))
    expect(engine.state()).toEqual(before)
    expect(repository.saves()).toBe(saves)
    // After a loss, breakeven ends the streak: a change, saved.
    await engine.recordTradeResult(result('-3'))
    await engine.recordTradeResult(result('0'))
    expect(repository.current()?.consecutiveLosses).toBe(0)
    expect(repository.saves()).toBe(saves + 2)
  })

  it('coalesces a burst of changes into few writes, the last one complete', async () => {
    const repository = new InMemoryRiskStateRepository()
    const { engine } = await makeHarness({ repository })
    for (let index = 1; index <= 50; index++) {
      engine.validate(
        aProposal().build(),
        aPortfolio()
          .equity(String(10000 + index))
          .build(),
        null,
      )
    }
    await engine.flush()
    expect(repository.saves()).toBeLessThanOrEqual(2)
    expect(repository.current()?.equityPeak?.toFixed()).toBe('10050')
  })

  it('keeps whole-millisecond instants when the configured minutes are not whole milliseconds', async () => {
    // A third of a minute written as 0.333333 is 19999.98 ms; a fractional instant in the
    // saved state would fail its schema and keep the engine from starting again.
    const { engine } = await makeHarness({
      settings: {
        cooldown: { consecutive_losses: 1, minutes: 0.333333 },
        circuit_breakers: { volatility: { halt_minutes: 0.333333 } },
      },
    })
    await engine.recordTradeResult(result('-1'))
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 9 })
    const stored: unknown = JSON.parse(JSON.stringify(toRiskStateRecord(engine.state())))
    const restored = parseRiskStateRecord(stored)
    expect(restored.cooldownUntil).toBe(MONDAY_NOON + 20_000)
    expect(restored.breakers.volatility?.resetAt).toBe(MONDAY_NOON + 20_000)
  })

  it('rolls old periods forward when restored on a later day', async () => {
    const saved: RiskState = {
      ...initialRiskState(MONDAY_NOON - 7 * DAY),
      daily: {
        periodStart: Date.UTC(2024, 11, 30),
        startEquity: new Decimal(1000),
        realizedPnl: new Decimal(-40),
      },
      lastEquity: new Decimal('960'),
    }
    const repository = new InMemoryRiskStateRepository(saved)
    const { engine } = await makeHarness({ repository })
    expect(engine.state().daily).toEqual({
      periodStart: Date.UTC(2025, 0, 6),
      startEquity: new Decimal('960'),
      realizedPnl: new Decimal(0),
    })
    expect(repository.current()?.daily.periodStart).toBe(Date.UTC(2025, 0, 6))
  })

  it('fails a change whose save fails, keeps the state, and writes it with the next change', async () => {
    const repository = new InMemoryRiskStateRepository()
    const { engine } = await makeHarness({ repository })
    const save = vi.spyOn(repository, 'save').mockRejectedValueOnce(new Error('disk full'))
    await expect(engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 9 })).rejects.toThrow(
      'disk full',
    )
    expect(engine.activeBreakers()).toEqual(['volatility'])
    await engine.recordTradeResult(result('5'))
    expect(save).toHaveBeenCalledTimes(2)
    expect(repository.current()?.breakers.volatility).not.toBeNull()
  })

  it('logs, and does not throw, when a background save, record or publish fails', async () => {
    const logger = silentLogger()
    const error = vi.spyOn(logger, 'error')
    const repository = new InMemoryRiskStateRepository()
    vi.spyOn(repository, 'save').mockRejectedValue(new Error('database gone'))
    const recorder = new InMemoryRiskEventRecorder()
    vi.spyOn(recorder, 'record').mockRejectedValue(new Error('insert failed'))
    const publisher = new InMemoryRiskAlertPublisher()
    vi.spyOn(publisher, 'publish').mockRejectedValue(new Error('bus closed'))
    const engine = await RiskEngine.create({
      config: defaultRiskConfig(),
      clock: new VirtualClock(MONDAY_NOON),
      logger,
      stateRepository: repository,
      eventRecorder: recorder,
      alertPublisher: publisher,
    })
    engine.validate(aProposal().build(), aPortfolio().equity('12000').build(), null)
    const halted = engine.validate(aProposal().build(), aPortfolio().equity('9000').build(), null)
    expect(halted.status).toBe('REJECTED')
    await engine.flush()
    const messages = error.mock.calls.map((call) => String((call[0] as { err: Error }).err.message))
    expect(messages).toEqual(
      expect.arrayContaining(['database gone', 'insert failed', 'bus closed']),
    )
  })

  it('refuses to start on a stored state it cannot read', async () => {
    const repository = new InMemoryRiskStateRepository()
    vi.spyOn(repository, 'load').mockRejectedValue(new Error('stored risk state is invalid'))
    await expect(makeHarness({ repository })).rejects.toThrow('stored risk state is invalid')
  })
})

describe('flush', () => {
  it('waits for events and alerts still being written', async () => {
    let release = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const written: RiskEvent[] = []
    const engine = await RiskEngine.create({
      config: defaultRiskConfig(),
      clock: new VirtualClock(MONDAY_NOON),
      logger: silentLogger(),
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: {
        record: async (event) => {
          await gate
          written.push(event)
        },
      },
      alertPublisher: new InMemoryRiskAlertPublisher(),
    })
    engine.validate(aProposal().build(), portfolio(), null)
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 9 })
    let isFlushed = false
    const flushing = engine.flush().then(() => {
      isFlushed = true
    })
    await new Promise((resolve) => setImmediate(resolve))
    expect(isFlushed).toBe(false)
    release()
    await flushing
    expect(written.map((event) => event.type)).toEqual(['validation', 'breaker_tripped'])
  })
})

describe('decision logging', () => {
  it('logs rejections at debug level with the reasons', async () => {
    const logger = silentLogger()
    logger.level = 'debug'
    const debug = vi.spyOn(logger, 'debug').mockImplementation(() => undefined)
    const engine = await RiskEngine.create({
      config: defaultRiskConfig(),
      clock: new VirtualClock(MONDAY_NOON),
      logger,
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: new InMemoryRiskEventRecorder(),
      alertPublisher: new InMemoryRiskAlertPublisher(),
    })
    engine.validate(aProposal().stop(null).build(), portfolio(), null)
    expect(debug).toHaveBeenCalledWith(
      expect.objectContaining({ reasons: ['STOP_LOSS: missing; opening trades need a stop-loss'] }),
      'risk rejected a proposal',
    )
  })
})

describe('breaker transition logging', () => {
  it('logs each transition: the trip as a warning, an end pushed out by a later reading and the re-arm as info', async () => {
    const logger = silentLogger()
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined)
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined)
    const clock = new VirtualClock(MONDAY_NOON)
    const engine = await RiskEngine.create({
      config: defaultRiskConfig(),
      clock,
      logger,
      stateRepository: new InMemoryRiskStateRepository(),
      eventRecorder: new InMemoryRiskEventRecorder(),
      alertPublisher: new InMemoryRiskAlertPublisher(),
    })
    await engine.updateVolatility({ symbol: 'BTC/USDT', atrPct: 7 })
    await clock.advance(30 * MINUTE)
    await engine.updateVolatility({ symbol: 'XRP/USDT', priceMovePct: -12 })
    await clock.advance(90 * MINUTE)
    expect(warn.mock.calls.map((call) => call[1])).toEqual(['risk circuit breaker tripped'])
    expect(info).toHaveBeenCalledWith(
      {
        breaker: 'volatility',
        resetAt: '2025-01-06T13:30:00.000Z',
        reason: expect.stringContaining('VOLATILITY: symbol=XRP/USDT'),
      },
      'risk circuit breaker extended',
    )
    expect(info).toHaveBeenCalledWith(
      expect.objectContaining({ breaker: 'volatility' }),
      'risk circuit breaker re-armed',
    )
  })
})
