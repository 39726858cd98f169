import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Decimal from 'decimal.js'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineEvent } from '../../../src-shared/contract'
import { VirtualClock } from '../../../src-main/engine/clock'
import { loadConfig, type AppConfig } from '../../../src-main/engine/config'
import { Engine } from '../../../src-main/engine/engine'
import type { Broker } from '../../../src-main/engine/execution'
import { KrakenBroker } from '../../../src-main/engine/execution/kraken/kraken-broker'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ReplayMarketSource } from '../../../src-main/engine/market'
import { openStore, schema, type Store } from '../../../src-main/engine/store'
import { KrakenSimulator, strictlyIncreasingNonce } from '../../fakes/kraken'
import { FakeOllamaServer, reply, type FakeLlmRequest } from '../../fakes/llm'
import { CONFIG_DIR } from '../../helpers/config-fixture'
import { MIGRATIONS_DIR, memoryStoreOptions } from '../../helpers/test-store'

/*
 * Seed 000 acceptance: TA → Regime → Trading Decision → Risk → Execution → Position through
 * the real engine (bus, coordinator, agents on the Ollama fake, risk engine, order manager,
 * position tracker, PGlite store) over three hours of recorded candles on the virtual clock,
 * once on the paper broker and once on Kraken (real ccxt against the simulator). One
 * correlation id ties the decision, its votes, the risk decision, the orders and the fills.
 */

const MARKET = fileURLToPath(new URL('../../../resources/market', import.meta.url))
const FILES = {
  'BTC/USDT': join(MARKET, 'BTCUSDT_1m.csv'),
  'XRP/USDT': join(MARKET, 'XRPUSDT_1m.csv'),
  'XRP/BTC': join(MARKET, 'XRPBTC_1m.csv'),
}
const REPLAY_MS = 3 * 60 * 60_000
const KRAKEN_PAIRS = ['BTC/USDT', 'XRP/USDT', 'XRP/BTC']
const BROKERS = ['paper', 'kraken'] as const
type BrokerKind = (typeof BROKERS)[number]

const d = (value: Decimal.Value) => new Decimal(value)

/**
 * Answers each agent from its prompt: TA long, regime trending_bull, BUY BTC at 2:1, HOLD XRP;
 * the BUY's entry is the price shown times `entryFactor` (1: the price itself).
 */
function agentAnswers(request: FakeLlmRequest, entryFactor: Decimal.Value = 1) {
  const prompt = request.messages.map((message) => message.content).join('\n')
  // Ollama gets the output schema in `format`; the field names tell the agents apart.
  const schema = JSON.stringify(request.format)
  const symbol = /symbol: (\S+)/.exec(prompt)?.[1] ?? ''
  const price = d(/price: ([0-9.]+)/.exec(prompt)?.[1] ?? '0')
  if (schema.includes('execution_strategy')) {
    return reply.json({ execution_strategy: 'market', sells_first: true, reasoning: 'default' })
  }
  if (schema.includes('trend_direction')) {
    return reply.json({
      trend_direction: 'bullish',
      trend_strength: 0.7,
      momentum_score: 0.5,
      bias: 'long',
      confidence: 0.75,
      key_levels: { support: [price.mul(0.98).toFixed(2)], resistance: [] },
      reasoning: 'higher highs',
    })
  }
  if (schema.includes('entry_strictness')) {
    return reply.json({
      regime: 'trending_bull',
      confidence: 0.7,
      position_size_multiplier: 1,
      entry_strictness: 'normal',
      reasoning: 'steady uptrend',
    })
  }
  if (symbol !== 'BTC/USDT') {
    return reply.json({ action: 'HOLD', confidence: 0.5, reasoning: 'no edge' })
  }
  const entry = price.mul(entryFactor)
  return reply.json({
    action: 'BUY',
    confidence: 0.8,
    entry_price: entry.toFixed(),
    stop_loss: entry.mul(0.98).toDecimalPlaces(2).toFixed(),
    take_profit: entry.mul(1.04).toDecimalPlaces(2).toFixed(),
    leverage: 1,
    reasoning: 'trend continuation',
  })
}

/** The shipped config with Ollama on the fake, only the local model voting, no schedules. */
function pipelineConfig(ollamaUrl: string, brokerKind: BrokerKind): AppConfig {
  const { config } = loadConfig({ configDir: CONFIG_DIR, env: {} })
  config.agents.providers.ollama.base_url = ollamaUrl
  config.agents.agents.trading_decision.models = ['qwen']
  for (const schedule of Object.values(config.orchestration.coordinator.schedules)) {
    schedule.enabled = false
  }
  if (brokerKind === 'kraken') config.execution.execution.mode = 'live'
  return config
}

async function waitFor<T>(probe: () => Promise<T | null | undefined> | T | null | undefined) {
  for (let attempt = 0; attempt < 2_000; attempt++) {
    const value = await probe()
    if (value !== null && value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('waitFor: condition never met')
}

describe.each(BROKERS)('full pipeline on the %s broker', (brokerKind) => {
  const ollama = new FakeOllamaServer()
  // One clock for the engine and the exchange: trades are stamped at the replayed time.
  const clock = new VirtualClock(0)
  const sim = new KrakenSimulator({ clock })
  let store: Store
  let engine: Engine
  let correlationId: string

  beforeAll(async () => {
    await ollama.start()
    ollama.setResponder((request) => agentAnswers(request))
    const replay = await ReplayMarketSource.fromCsvFiles(FILES, { clock, logger: silentLogger() })
    const firstMs = replay.firstTimestampMs ?? 0
    await clock.advanceTo(firstMs - 1)
    let broker: Broker | undefined
    if (brokerKind === 'kraken') {
      await sim.start()
      sim.setBalance('USDT', '10000')
      broker = new KrakenBroker({
        config: {
          ...pipelineConfig(ollama.url, brokerKind).execution.execution.kraken,
          api_key: sim.credentials.apiKey,
          api_secret: sim.credentials.secret,
          base_url: sim.url,
        },
        clock,
        logger: silentLogger(),
        ccxt: { nonce: strictlyIncreasingNonce(), enableRateLimit: false },
      })
    }
    store = await openStore(memoryStoreOptions())
    engine = await Engine.create({
      config: pipelineConfig(ollama.url, brokerKind),
      mode: brokerKind === 'kraken' ? 'live' : 'replay',
      host: 'headless',
      version: 'test',
      clock,
      logger: silentLogger(),
      store,
      dataDir: mkdtempSync(join(tmpdir(), 'tg-pipeline-')),
      env: {},
      migrationsDir: MIGRATIONS_DIR,
      marketSource: replay,
      ...(broker ? { broker } : {}),
    })
    if (brokerKind === 'kraken') {
      // The simulator follows the replay, so market orders fill at the replayed price.
      engine.parts.market.prices.onPrice((update) => {
        if (KRAKEN_PAIRS.includes(update.symbol))
          sim.setPrice(update.symbol, update.price.toFixed())
      })
    }
    await engine.start()
    await replay.run({ untilMs: firstMs + REPLAY_MS })

    // TA and regime first (their latest outputs feed the decision), then the decision.
    const bus = engine.parts.bus
    for (const [task, topic] of [
      ['technical_analysis', 'ta_signals'],
      ['regime_detection', 'regime_updates'],
    ] as const) {
      await engine.commands['coordinator:runTask']({ name: task })
      await waitFor(() => bus.latest(topic, { symbol: 'BTC/USDT' }))
      await waitFor(() => bus.latest(topic, { symbol: 'XRP/USDT' }))
    }
    await engine.commands['coordinator:runTask']({ name: 'trading_decision' })
    const processed = await waitFor(() => btcSignalsProcessed()[0])
    correlationId = processed.correlationId ?? ''
  }, 120_000)

  /** The coordinator's signal_processed events of BTC/USDT, oldest first. */
  function btcSignalsProcessed() {
    return engine.parts.bus
      .history({ topic: 'system_events' })
      .filter(
        (message) =>
          message.payload.event_type === 'signal_processed' &&
          (message.payload.data as { symbol?: string }).symbol === 'BTC/USDT',
      )
  }

  afterAll(async () => {
    await engine?.stop()
    await store?.close()
    await ollama.stop()
    if (brokerKind === 'kraken') await sim.stop()
  })

  it('executes the BUY and opens a position with stop-loss and take-profit', async () => {
    const processed = engine.parts.bus
      .history({ topic: 'system_events' })
      .find((message) => message.correlationId === correlationId)
    expect(processed?.payload.data).toMatchObject({
      symbol: 'BTC/USDT',
      action: 'BUY',
      outcome: 'executed',
    })
    const open = await engine.commands['positions:list']({ status: 'open', limit: 10 })
    expect(open).toHaveLength(1)
    expect(open[0]).toMatchObject({ symbol: 'BTC/USDT', side: 'long' })
    expect(d(open[0]?.size ?? 0).gt(0)).toBe(true)
  })

  it('ties decision, votes, risk decision, orders and fills to one correlation id', async () => {
    expect(correlationId).not.toBe('')
    const outputs = await engine.commands['agents:outputs']({
      agent: 'trading_decision',
      symbol: 'BTC/USDT',
      limit: 10,
    })
    expect(outputs.map((output) => output.correlationId)).toContain(correlationId)
    // TA and regime ran as their own tasks (own correlation ids) and fed the decision.
    for (const agent of ['technical_analysis', 'regime_detection'] as const) {
      const [latest] = await engine.commands['agents:outputs']({
        agent,
        symbol: 'BTC/USDT',
        limit: 1,
      })
      expect(latest).toMatchObject({ provider: 'ollama', isValid: true })
    }

    // A replay writes its risk events and fills behind in batches: write them before reading the tables.
    await engine.parts.writes.flush()
    const risk = await store.db
      .select()
      .from(schema.riskEvents)
      .where(eq(schema.riskEvents.correlationId, correlationId))
    expect(risk.map((row) => row.status)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(APPROVED|MODIFIED)$/)]),
    )

    const orders = engine.parts.orders
      .recentOrders()
      .filter((order) => order.correlationId === correlationId)
    const entry = orders.find((order) => order.role === 'entry')
    expect(entry).toMatchObject({ symbol: 'BTC/USDT', side: 'buy', status: 'FILLED' })
    const fills = await store.db
      .select()
      .from(schema.fills)
      .where(eq(schema.fills.orderId, entry?.id ?? ''))
    expect(fills.length).toBeGreaterThan(0)

    const trace = await engine.commands['decisions:trace']({ correlationId })
    const kinds = trace.steps.map((step) => step.kind)
    for (const kind of ['signal', 'decision', 'vote', 'risk', 'order', 'fill', 'position']) {
      expect(kinds).toContain(kind)
    }
    const times = trace.steps.map((step) => step.at)
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(kinds.indexOf('decision')).toBeLessThan(kinds.indexOf('risk'))
    expect(kinds.indexOf('risk')).toBeLessThanOrEqual(kinds.indexOf('order'))
  })

  it('makes no proposal from a decision whose entry price is far off the market', async () => {
    const before = btcSignalsProcessed().length
    // The model hallucinates an entry 20 % below the price it was shown; execution.yaml
    // allows 5 %. Sized from it, the trade would risk far more than its stop distance says.
    ollama.setResponder((request) => agentAnswers(request, '0.8'))
    try {
      await engine.commands['coordinator:runTask']({ name: 'trading_decision' })
      const processed = await waitFor(() => btcSignalsProcessed()[before])
      // The replay stopped: the price the model was shown is the market's latest.
      const market = d(
        engine.parts.bus.latest('market_data', { symbol: 'BTC/USDT' })?.payload.price ?? 0,
      )
      expect(processed.payload.data).toMatchObject({
        action: 'BUY',
        outcome: 'no_proposal',
        risk_status: null,
        detail:
          `ENTRY_OFF_MARKET: symbol=BTC/USDT entry=${market.mul('0.8').toFixed()} ` +
          `market=${market.toFixed()} deviation_pct=20.00 max=5`,
      })
      const orders = engine.parts.orders
        .recentOrders()
        .filter((order) => order.correlationId === processed.correlationId)
      expect(orders).toEqual([])
    } finally {
      ollama.setResponder((request) => agentAnswers(request))
    }
  })

  it.runIf(brokerKind === 'kraken')(
    'leaves the exchange and our books in agreement, under our client id',
    async () => {
      const entry = engine.parts.orders
        .recentOrders()
        .find((order) => order.correlationId === correlationId && order.role === 'entry')
      const onExchange = sim.orders().find((order) => order.txid === entry?.externalId)
      expect(onExchange).toBeDefined()
      expect(onExchange?.clientOrderId).toBe(entry?.clientOrderId)
      expect(onExchange?.status).toBe('closed')
      expect(d(onExchange?.filled ?? 0).eq(entry?.filledSize ?? -1)).toBe(true)
      expect(d(sim.balance('BTC').total).eq(entry?.filledSize ?? -1)).toBe(true)
    },
  )

  it('the kill switch closes the position and cancels its protective orders everywhere', async () => {
    const [position] = await engine.commands['positions:list']({ status: 'open', limit: 10 })
    const protective = (await engine.commands['orders:list']({ status: 'open', limit: 50 })).filter(
      (order) => order.positionId === position?.id,
    )
    expect(protective.map((order) => `${order.role} ${order.status}`).sort()).toEqual(
      brokerKind === 'paper'
        ? ['stop-loss OPEN', 'take-profit OPEN']
        : // Kraken's trigger orders hold the funds: a spot position gets its stop-loss only.
          ['stop-loss OPEN'],
    )
    // What the UI receives: the last order event of each order is its state in the books.
    const latestSent = new Map<string, string>()
    const notices: string[] = []
    const unsubscribe = engine.events.subscribe((event: EngineEvent) => {
      if (event.type === 'order.updated' || event.type === 'order.filled')
        latestSent.set(event.order.id, event.order.status)
      if (event.type === 'system.notice') notices.push(event.message)
    })
    try {
      const result = await engine.commands['coordinator:killSwitch']({ closePositions: true })
      expect(result).toEqual({
        state: 'HALTED',
        cancelledOrders: protective.length,
        cancelledBatches: expect.any(Number),
        closedPositions: 1,
        errors: [],
      })
      const orders = protective.length === 1 ? '1 order' : `${protective.length} orders`
      expect(notices).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^Kill switch: trading halted, ${orders} and \\d+ scheduled rebalance batch(es)? cancelled, 1 position closed$`,
          ),
        ),
      )
    } finally {
      unsubscribe()
    }

    expect(await engine.commands['orders:list']({ status: 'open', limit: 50 })).toEqual([])
    // Nothing is left to trade after a resume: scheduled rebalance batches went too.
    expect(await engine.commands['portfolio:pendingBatches']({})).toEqual([])
    const close = (await engine.commands['orders:list']({ status: 'all', limit: 50 })).find(
      (order) => order.positionId === position?.id && order.role === 'close',
    )
    expect(close?.status).toBe('FILLED')
    expect(latestSent.get(close?.id ?? '')).toBe('FILLED')
    // The closed trade counts for the risk engine: its P&L (fees make it non-zero) is the day's.
    const closed = await engine.commands['positions:get']({ id: position?.id ?? '' })
    expect(closed.status).toBe('closed')
    const risk = await engine.commands['risk:status']({})
    expect(d(closed.realizedPnl ?? '0').isZero()).toBe(false)
    expect(d(risk.dailyPnl).eq(d(closed.realizedPnl ?? '0'))).toBe(true)
    for (const order of protective) {
      const after = await engine.commands['orders:get']({ id: order.id })
      expect(after.status, order.role).toBe('CANCELLED')
      expect(latestSent.get(order.id), `last event of the ${order.role}`).toBe('CANCELLED')
    }
    // A replay writes its audit rows behind in batches: write them before reading the table.
    await engine.parts.writes.flush()
    const recorded = await store.db
      .select()
      .from(schema.executionEvents)
      .where(
        inArray(
          schema.executionEvents.orderId,
          protective.map((order) => order.id),
        ),
      )
    expect(
      recorded
        .filter((row) => row.eventType === 'order.cancelled')
        .map((row) => row.orderId)
        .sort(),
    ).toEqual(protective.map((order) => order.id).sort())
    if (brokerKind === 'kraken') {
      for (const order of protective) {
        const onExchange = sim.orders().find((candidate) => candidate.txid === order.externalId)
        expect(onExchange?.status, `${order.role} on the exchange`).toBe('canceled')
      }
    }
  })
})
