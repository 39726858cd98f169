import { describe, expect, it } from 'vitest'
import type { CoordinatorStatus, EngineEvent } from '../../../../src-shared/contract'
import { summarizeAgentOutput } from '../../../../src-shared/agent-summary'
import { describeEvent, freshMemory } from '../../../../src-renderer/src/format/event-summary'
import { events } from '../../../helpers/renderer/builders'

describe('describeEvent', () => {
  it.each<[string, EngineEvent, string, string]>([
    ['a fill', events.orderFilled(), 'fill', 'Filled BUY 0.05 BTC/USDT @ 64,500.00'],
    [
      'an order error',
      events.orderUpdated({ status: 'ERROR', error: 'EOrder:Insufficient funds' }),
      'order',
      'Order BUY 0.05 BTC/USDT limit error: EOrder:Insufficient funds',
    ],
    [
      'a stop-loss order placed',
      events.orderUpdated({ side: 'sell', type: 'stop-loss', role: 'stop-loss', status: 'OPEN' }),
      'order',
      'Order SELL 0.05 BTC/USDT stop loss open',
    ],
    [
      'an order partly filled, its status in words',
      events.orderUpdated({ status: 'PARTIALLY_FILLED', filledSize: '0.02' }),
      'order',
      'Order BUY 0.05 BTC/USDT limit partially filled',
    ],
    [
      'a closed position',
      events.positionClosed(),
      'position',
      'Closed long BTC/USDT (manual) P&L +48.70',
    ],
    [
      'a position closed by its stop-loss',
      events.positionClosed({ closeReason: 'stop_loss' }),
      'position',
      'Closed long BTC/USDT (stop loss) P&L +48.70',
    ],
    [
      "a position on a BTC market, its P&L in BTC's places",
      events.positionClosed({ symbol: 'XRP/BTC', realizedPnl: '0.00001234' }),
      'position',
      'Closed long XRP/BTC (manual) P&L +0.00001234',
    ],
    [
      'a risk alert',
      events.riskAlert('circuit_breaker_tripped', 'daily loss'),
      'risk',
      'daily loss',
    ],
    [
      'a trading decision',
      events.agentOutput({ agent: 'trading_decision', summary: 'BUY' }),
      'agent',
      'Decision BTC/USDT BUY',
    ],
    ['a finished pull', events.pullProgress({ isDone: true }), 'model', 'Pulled phi3:mini'],
    [
      'a failed pull',
      events.pullProgress({ isDone: true, error: 'disk full' }),
      'model',
      'Pull of phi3:mini failed: disk full',
    ],
    ['a notice', events.notice('hello', 'warning'), 'notice', 'hello'],
    [
      'a rebalance batch sent',
      events.portfolioChanged(),
      'portfolio',
      'Rebalance buy BTC/USDT $150.00 (batch 2/4) sent',
    ],
  ])('describes %s', (_name, event, category, text) => {
    expect(describeEvent(event, freshMemory())).toEqual([
      expect.objectContaining({ category, text }),
    ])
  })

  it.each<[string, EngineEvent]>([
    ['ticks', events.tick()],
    ['equity updates', events.equity()],
    ['position updates', events.positionUpdated()],
    ['other agents', events.agentOutput()],
    ['pull progress', events.pullProgress()],
    ['task updates', events.taskUpdated()],
  ])('leaves %s to their panels', (_name, event) => {
    expect(describeEvent(event, freshMemory())).toEqual([])
  })

  it.each([
    ['rebalance_trade_executed', 'success'],
    ['rebalance_trade_failed', 'warning'],
    ['rebalance_batches_cancelled', 'warning'],
    ['hodl_bag_changed', 'info'],
  ] as const)(
    'shows a portfolio change %s at level %s, with its correlation id',
    (change, level) => {
      expect(describeEvent(events.portfolioChanged(change, 'x'), freshMemory())).toEqual([
        expect.objectContaining({ level, correlationId: 'corr-rebalance' }),
      ])
    },
  )

  it.each([
    ['low', 'info'],
    ['critical', 'error'],
    ['medium', 'warning'],
    ['unheard-of', 'warning'],
  ])('maps alert severity %s to level %s', (severity, level) => {
    expect(describeEvent(events.riskAlert('x', 'y', severity), freshMemory())[0]?.level).toBe(level)
  })

  it('reports an order only when its status or filled size changes', () => {
    const memory = freshMemory()
    expect(describeEvent(events.orderUpdated(), memory)).toHaveLength(1)
    expect(describeEvent(events.orderUpdated(), memory)).toHaveLength(0)
    expect(
      describeEvent(
        events.orderUpdated({ status: 'PARTIALLY_FILLED', filledSize: '0.01' }),
        memory,
      ),
    ).toHaveLength(1)
  })

  it('reports coordinator state and degradation changes, not the first sighting', () => {
    const memory = freshMemory()
    expect(describeEvent(events.coordinatorState(), memory)).toEqual([])
    const changes = describeEvent(
      events.coordinatorState({ state: 'HALTED', degradationLevel: 'EMERGENCY' }),
      memory,
    )
    expect(changes.map((change) => [change.text, change.level])).toEqual([
      ['Coordinator RUNNING → HALTED', 'error'],
      ['Degradation NORMAL → EMERGENCY', 'warning'],
    ])
  })

  it('reports a degradation change seen first when the status says it happened at that moment', () => {
    const status: Partial<CoordinatorStatus> = {
      degradationLevel: 'EMERGENCY',
      degradationHistory: [{ at: 5, from: 'NORMAL', to: 'EMERGENCY', reason: 'ollama down' }],
    }
    expect(
      describeEvent(events.coordinatorState(status, 5), freshMemory()).map((entry) => entry.text),
    ).toEqual(['Degradation NORMAL → EMERGENCY'])
    expect(describeEvent(events.coordinatorState(status, 6), freshMemory())).toEqual([])
  })

  it('reports each symbol the coordinator pauses or resumes, not those seen first', () => {
    const memory = freshMemory()
    expect(describeEvent(events.coordinatorState({ pausedSymbols: ['ETH/USDT'] }), memory)).toEqual(
      [],
    )
    const changes = describeEvent(
      events.coordinatorState({ pausedSymbols: ['BTC/USDT', 'XRP/USDT'] }),
      memory,
    )
    expect(changes.map((change) => [change.text, change.level])).toEqual([
      ['Trading paused on BTC/USDT', 'warning'],
      ['Trading paused on XRP/USDT', 'warning'],
      ['Trading resumed on ETH/USDT', 'success'],
    ])
    expect(
      describeEvent(events.coordinatorState({ pausedSymbols: ['BTC/USDT', 'XRP/USDT'] }), memory),
    ).toEqual([])
  })
})

describe('summarizeAgentOutput', () => {
  it.each([
    [{ action: 'buy', confidence: 0.72 }, null, 'BUY · conf 72%'],
    [{ regime: 'ranging', confidence: 61 }, null, 'Ranging · conf 61%'],
    [{ regime: 'breakout_potential', confidence: 0.4 }, null, 'Breakout potential · conf 40%'],
    // A technical analysis reads the same here as in the engine's live agent events.
    [
      { trend_direction: 'bullish', bias: 'long', confidence: 0.8 },
      null,
      'bullish · bias long · conf 80%',
    ],
    [{ reasoning: 'flat market' }, null, 'flat market'],
    [{ other: 1 }, null, '{"other":1}'],
    [null, null, 'no output'],
    ['hold', null, 'hold'],
    [{ action: 'buy' }, 'timeout', 'error: timeout'],
  ])('summarizes %j', (output, error, text) => {
    expect(summarizeAgentOutput(output, error)).toBe(text)
  })
})
