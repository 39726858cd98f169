import { describe, expect, it } from 'vitest'
import { answer } from '../../fakes/coordinator/coordinator-fakes'
import { aCoordinator, settle } from '../../fakes/coordinator/coordinator-harness'

const MINUTE = 60_000

describe('degradation driven by LLM and agent health', () => {
  it('enters EMERGENCY when every LLM provider is down and publishes recovery when they return', async () => {
    const harness = aCoordinator()
    const { coordinator, clock, health, runners } = harness
    const start = clock.now()
    await coordinator.start()
    await settle(clock)
    health.setAll(false)
    await clock.advance(MINUTE) // the periodic health check
    expect(coordinator.degradationLevel).toBe('EMERGENCY')
    expect(coordinator.isLlmAllowed()).toBe(false)
    expect(harness.eventsOf('degradation_entered')).toEqual([
      {
        from: 'NORMAL',
        to: 'EMERGENCY',
        reason: 'LLM providers down: anthropic, deepseek (2 of 2); no unhealthy agent',
      },
    ])
    // Agents are told: rules only.
    await clock.advance(MINUTE)
    expect(runners.calls.at(-1)?.context.degradationLevel).toBe('EMERGENCY')

    health.setAll(true)
    await clock.advance(MINUTE) // TA runs and the check assess health again
    expect(coordinator.degradationLevel).toBe('NORMAL')
    expect(coordinator.isLlmAllowed()).toBe(true)
    expect(harness.eventsOf('degradation_recovered')).toEqual([
      {
        from: 'EMERGENCY',
        to: 'NORMAL',
        reason: 'no LLM provider down (2 in use); no unhealthy agent',
      },
    ])
    const history = coordinator.status().degradationHistory
    expect(history.map((change) => [change.from, change.to])).toEqual([
      ['NORMAL', 'EMERGENCY'],
      ['EMERGENCY', 'NORMAL'],
    ])
    expect(history[0]?.at).toBe(start + MINUTE)
    expect(coordinator.status().statistics).toMatchObject({
      degradation_escalations: 1,
      degradation_recoveries: 1,
    })
    // The status carries the engine's clock, not the machine's: the UI measures against it.
    expect(coordinator.status().now).toBe(clock.now())
    await coordinator.stop()
  })

  it('REDUCED skips sentiment; a failing agent drives it, its successes end it', async () => {
    const harness = aCoordinator({
      config: (config) => {
        config.schedules.sentiment_analysis.enabled = true
        config.schedules.sentiment_analysis.interval_seconds = 60
      },
    })
    const { coordinator, clock, runners } = harness
    let isTaBroken = true
    runners.behaviour = (task) =>
      task === 'technical_analysis' && isTaBroken
        ? Promise.reject(new Error('no candles'))
        : Promise.resolve()
    await coordinator.start()
    await clock.advance(2 * MINUTE) // runs at 0, 1, 2 min: 3 failures in a row per symbol
    expect(coordinator.degradationLevel).toBe('REDUCED')
    expect(coordinator.isAgentActive('sentiment')).toBe(false)
    expect(coordinator.isAgentActive('portfolio_rebalance')).toBe(true)
    const sentimentRuns = runners.count('sentiment_analysis')
    await clock.advance(MINUTE)
    expect(runners.count('sentiment_analysis')).toBe(sentimentRuns)

    isTaBroken = false
    await clock.advance(2 * MINUTE)
    expect(coordinator.degradationLevel).toBe('NORMAL')
    await clock.advance(MINUTE)
    expect(runners.count('sentiment_analysis')).toBeGreaterThan(sentimentRuns)
    expect(harness.eventsOf('degradation_recovered')).toHaveLength(1)
    await coordinator.stop()
  })

  it('LIMITED keeps the rules-computed portfolio task and asks only the primary model', async () => {
    const harness = aCoordinator({
      primary: [{ kind: 'fail', error: 'down' }],
      fallback: [answer('proceed')],
    })
    const { coordinator, clock, health, runners, bus } = harness
    health.providers = [
      { name: 'deepseek', isHealthy: true },
      { name: 'anthropic', isHealthy: false },
    ]
    await coordinator.start()
    coordinator.evaluateHealth()
    expect(coordinator.degradationLevel).toBe('LIMITED')
    await settle(clock)
    expect(runners.count('portfolio_rebalance')).toBe(1)
    expect(runners.count('trading_decision')).toBe(2)
    bus.publish({
      topic: 'regime_updates',
      source: 'regime_detection',
      payload: {
        symbol: 'BTC/USDT',
        regime: 'choppy',
        confidence: 0.7,
        position_size_multiplier: 0.5,
        entry_strictness: 'strict',
      },
    })
    expect(await harness.signal()).toMatchObject({ outcome: 'held_by_resolution' })
    expect(harness.primary.calls).toHaveLength(1)
    expect(harness.fallback?.calls).toHaveLength(0)
    await coordinator.stop()
  })
})
