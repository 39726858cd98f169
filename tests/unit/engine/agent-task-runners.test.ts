import { describe, expect, it } from 'vitest'
import { MessageBus } from '../../../src-main/engine/bus'
import { VirtualClock } from '../../../src-main/engine/clock'
import { runSkipped, type TaskContext } from '../../../src-main/engine/coordinator'
import { LlmRouter } from '../../../src-main/engine/llm/llm-router'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { CandleIngestService, MarketSnapshotBuilder } from '../../../src-main/engine/market'
import {
  agentTaskRunners,
  type AgentTaskRunnerDependencies,
} from '../../../src-main/engine/wiring/agent-task-runners'
import { ManualMarketSource } from '../../fakes/market/manual-market-source'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { aCandle, minute } from '../../helpers/market/candles'

const SYMBOLS = ['BTC/USDT', 'XRP/USDT']

/** Agents that record the symbols they were asked about and always succeed. */
function recordingAgents() {
  const asked: string[] = []
  const budgets: (number | undefined)[] = []
  const agent = {
    run: async (snapshot: { symbol: string }, options?: { budgetMs?: number }) => {
      asked.push(snapshot.symbol)
      budgets.push(options?.budgetMs)
      return { ok: true as const }
    },
  }
  const agents = {
    technicalAnalysis: agent,
    regime: agent,
    sentiment: agent,
    tradingDecision: agent,
  } as unknown as AgentTaskRunnerDependencies['agents']
  return { agents, asked, budgets }
}

/** The runners on a real ingest service and snapshot builder that have seen no candle yet. */
async function setup(snapshots?: AgentTaskRunnerDependencies['snapshots']) {
  const clock = new VirtualClock(minute(0))
  const logger = silentLogger()
  const source = new ManualMarketSource(SYMBOLS, logger)
  const ingest = new CandleIngestService({ source, clock, logger })
  await ingest.start()
  const builder = new MarketSnapshotBuilder({
    state: ingest,
    clock,
    logger,
    settings: {
      candlesPerTimeframe: 3,
      maxDataAgeMs: 180_000,
      maxFailureRatio: 0.5,
      orderBookDepth: 5,
    },
  })
  const { agents, asked, budgets } = recordingAgents()
  const runners = agentTaskRunners({
    snapshots: snapshots ?? builder,
    bus: new MessageBus({ clock, logger, config: {} }),
    router: new LlmRouter({ config: shippedAgentsConfig(), providers: new Map(), clock, logger }),
    agents,
    portfolio: async () => {},
  })
  return { clock, source, runners, asked, budgets }
}

const context: TaskContext = {
  correlationId: 'corr-1',
  signal: new AbortController().signal,
  degradationLevel: 'NORMAL',
  timeoutMs: 45_000,
}

const SNAPSHOT_TASKS = ['technical_analysis', 'regime_detection', 'trading_decision'] as const

describe('agentTaskRunners', () => {
  it.each(SNAPSHOT_TASKS)(
    '%s skips a symbol with no market data yet, without asking its agent',
    async (task) => {
      const { runners, asked } = await setup()
      await expect(runners[task]('BTC/USDT', context)).resolves.toEqual(
        runSkipped('NO_DATA', 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false'),
      )
      expect(asked).toEqual([])
    },
  )

  it('runs the agent once the first candle of the symbol has arrived', async () => {
    const { clock, source, runners, asked } = await setup()
    await clock.advanceTo(minute(1))
    source.candle('BTC/USDT', aCandle(minute(0)).build())
    await expect(runners.technical_analysis('BTC/USDT', context)).resolves.toBeUndefined()
    expect(asked).toEqual(['BTC/USDT'])
    // XRP has still seen nothing.
    await expect(runners.technical_analysis('XRP/USDT', context)).resolves.toMatchObject({
      isSkipped: true,
    })
  })

  it("gives an analysis agent's models most of the run's time, the rest for the rules answer", async () => {
    const { clock, source, runners, budgets } = await setup()
    await clock.advanceTo(minute(1))
    source.candle('BTC/USDT', aCandle(minute(0)).build())
    await runners.technical_analysis('BTC/USDT', context)
    await runners.regime_detection('BTC/USDT', { ...context, timeoutMs: 60_000 })
    // 45 s and 60 s task timeouts: a slow model is given up in time for the fallback.
    expect(budgets).toEqual([36_000, 48_000])
  })

  it('decides on fresh market data and skips a decision on stale data, while analysis goes on', async () => {
    const { clock, source, runners, asked } = await setup()
    await clock.advanceTo(minute(1))
    source.candle('BTC/USDT', aCandle(minute(0)).build())
    await expect(runners.trading_decision('BTC/USDT', context)).resolves.toBeUndefined()
    // The feed stalls: nine minutes later the price and the 1m candles are past the 180 s limit.
    await clock.advanceTo(minute(10))
    await expect(runners.trading_decision('BTC/USDT', context)).resolves.toEqual(
      runSkipped('STALE_DATA', 'STALE_DATA: symbol=BTC/USDT stale=price,1m data_age_ms=540000'),
    )
    await expect(runners.technical_analysis('BTC/USDT', context)).resolves.toBeUndefined()
    expect(asked).toEqual(['BTC/USDT', 'BTC/USDT'])
  })

  it('fails on a symbol the market does not know', async () => {
    const { runners } = await setup()
    await expect(runners.technical_analysis('DOGE/USDT', context)).rejects.toThrow(
      'UNKNOWN_SYMBOL: symbol=DOGE/USDT',
    )
  })

  it.each(SNAPSHOT_TASKS)('%s fails when the snapshot could not be built', async (task) => {
    const message = 'BUILD_FAILED: symbol=BTC/USDT error="indicator exploded"'
    const { runners, asked } = await setup({
      build: async () => ({ ok: false, failure: { code: 'BUILD_FAILED', message } }),
    })
    await expect(runners[task]('BTC/USDT', context)).rejects.toThrow(message)
    expect(asked).toEqual([])
  })
})
