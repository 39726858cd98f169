import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { toRiskEventRecord, type RiskEvent } from '../../../src-main/engine/risk'
import { aProposal, MONDAY_NOON } from './risk-builders'

describe('toRiskEventRecord', () => {
  it('writes a validation with both proposals as strings', () => {
    const proposal = aProposal().size(null).build()
    const event: RiskEvent = {
      type: 'validation',
      occurredAt: MONDAY_NOON,
      symbol: 'BTC/USDT',
      correlationId: 'corr-1',
      status: 'MODIFIED',
      proposal,
      result: { ...proposal, size: new Decimal('0.00000002') },
      reasons: ['POSITION_SIZE: sized=0.00000002'],
      checks: [
        { rule: 'POSITION_SIZE', outcome: 'modified', message: 'POSITION_SIZE: sized=0.00000002' },
      ],
    }
    const record = toRiskEventRecord(event)
    expect(record).toMatchObject({
      type: 'validation',
      occurredAt: MONDAY_NOON,
      symbol: 'BTC/USDT',
      correlationId: 'corr-1',
      status: 'MODIFIED',
      reasons: ['POSITION_SIZE: sized=0.00000002'],
    })
    expect(record.data.proposal).toEqual({
      symbol: 'BTC/USDT',
      action: 'BUY',
      side: 'long',
      size: null,
      entryPrice: '50000',
      stopLoss: '45000',
      takeProfit: '60000',
      leverage: 1,
      confidence: 0.8,
      correlationId: 'corr-1',
      isReduceOnly: false,
    })
    expect((record.data.result as { size: string }).size).toBe('0.00000002')
    expect(JSON.parse(JSON.stringify(record))).toEqual(record)
  })

  it.each<[RiskEvent, Record<string, unknown>]>([
    [
      {
        type: 'breaker_tripped',
        occurredAt: 1,
        breaker: 'daily_loss',
        reason: 'DAILY_LOSS: x',
        resetAt: 2,
      },
      { reasons: ['DAILY_LOSS: x'], data: { breaker: 'daily_loss', resetAt: 2 } },
    ],
    [
      { type: 'breaker_reset', occurredAt: 1, breaker: 'volatility', reason: 'manual' },
      { reasons: ['manual'], data: { breaker: 'volatility' } },
    ],
    [
      { type: 'cooldown_started', occurredAt: 1, consecutiveLosses: 3, until: 5 },
      { reasons: [], data: { consecutiveLosses: 3, until: 5 } },
    ],
  ])('writes a $type event', (event, expected) => {
    expect(toRiskEventRecord(event)).toEqual({
      type: event.type,
      occurredAt: 1,
      symbol: null,
      correlationId: null,
      status: null,
      ...expected,
    })
  })
})
