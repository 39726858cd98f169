import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCandlesCsv } from '../../../src-main/engine/market'
import { replayThroughEngine, rulesOnlyConfig, withOnlyTasks } from '../../bench/engine-replay'

const ROOT = join(import.meta.dirname, '../../..')

/** The first `minutes` of a shipped 1-minute file. */
function firstMinutes(file: string, symbol: string, minutes: number) {
  const { candles } = parseCandlesCsv(readFileSync(join(ROOT, 'resources/market', file), 'utf8'))
  return { symbol, candles: candles.slice(0, minutes) }
}

describe('the benchmark replay', () => {
  it('schedules only the tasks it is given', () => {
    const config = withOnlyTasks(rulesOnlyConfig(), ['technical_analysis'])
    const schedules = config.orchestration.coordinator.schedules
    expect(schedules.technical_analysis.enabled).toBe(true)
    expect(schedules.regime_detection.enabled).toBe(false)
    expect(schedules.trading_decision.enabled).toBe(false)
    expect(schedules.portfolio_rebalance.enabled).toBe(false)
    // The shipped config is not changed.
    expect(rulesOnlyConfig().orchestration.coordinator.schedules.trading_decision.enabled).toBe(
      true,
    )
  })

  it('replays with the agents of the tasks left on and none other', async () => {
    const series = [
      firstMinutes('BTCUSDT_1m.csv', 'BTC/USDT', 30),
      firstMinutes('XRPUSDT_1m.csv', 'XRP/USDT', 30),
    ]
    const agents: string[] = []
    const run = await replayThroughEngine(series, {
      config: withOnlyTasks(rulesOnlyConfig(), ['technical_analysis']),
      afterStop: async (store) => {
        const rows = await store.execute('SELECT DISTINCT agent FROM agent_outputs')
        agents.push(...rows.map((row) => String(row.agent)))
      },
    })
    expect(run.candles).toBe(60)
    expect(agents).toEqual(['technical_analysis'])
  }, 60_000)
})
