import { describe, expect, it } from 'vitest'
import { buildConsensus, median, type Vote } from '../../../src-main/engine/agents/consensus'
import type { TradeAction } from '../../../src-main/engine/agents/output-schemas'

const vote = (
  model: string,
  action: TradeAction,
  confidence: number,
  prices: { entry?: string; stop?: string; target?: string; leverage?: number } = {},
): Vote => ({
  model,
  output: {
    action,
    confidence,
    leverage: prices.leverage ?? 1,
    ...(prices.entry ? { entry_price: prices.entry } : {}),
    ...(prices.stop ? { stop_loss: prices.stop } : {}),
    ...(prices.target ? { take_profit: prices.target } : {}),
  },
})

describe('buildConsensus', () => {
  it('returns null without votes', () => {
    expect(buildConsensus([], 0.5)).toBeNull()
  })

  it('takes the majority with median prices and the lowest leverage', () => {
    const consensus = buildConsensus(
      [
        vote('a', 'BUY', 0.8, { entry: '50000', stop: '49000', target: '52000', leverage: 2 }),
        vote('b', 'BUY', 0.6, { entry: '50100', stop: '48800', target: '53000', leverage: 1 }),
        vote('c', 'BUY', 0.7, { entry: '49900', stop: '49200' }),
        vote('d', 'HOLD', 0.9),
      ],
      0.5,
    )
    expect(consensus).toMatchObject({
      action: 'BUY',
      agreement: 0.75,
      votesFor: 3,
      validVotes: 4,
      leverage: 1,
      confidence: 0.612,
    })
    expect(consensus?.entryPrice?.toString()).toBe('50000')
    expect(consensus?.stopLoss?.toString()).toBe('49000')
    expect(consensus?.takeProfit?.toString()).toBe('52500')
    expect(consensus?.reasoning).toBe('consensus BUY: BUY=3 HOLD=1; agreement=0.75')
  })

  it('holds when the winner falls short of the minimum agreement', () => {
    const consensus = buildConsensus(
      [vote('a', 'BUY', 0.9), vote('b', 'SELL', 0.8), vote('c', 'HOLD', 0.5)],
      0.5,
    )
    expect(consensus).toMatchObject({
      action: 'HOLD',
      confidence: 0,
      agreement: 1 / 3,
      votesFor: 1,
      entryPrice: null,
    })
    expect(consensus?.reasoning).toMatch(
      /^no consensus: BUY=1 SELL=1 HOLD=1; agreement=0.333 < min=0.5$/,
    )
  })

  it.each<[string, Vote[], string]>([
    [
      'a BUY-SELL vote tie, whatever the confidences',
      [vote('a', 'BUY', 0.9), vote('b', 'SELL', 0.6)],
      'no consensus: BUY=1 SELL=1; BUY and SELL tied at 1 each',
    ],
    [
      'a full BUY-SELL tie',
      [vote('a', 'BUY', 0.7), vote('b', 'SELL', 0.7)],
      'no consensus: SELL=1 BUY=1; BUY and SELL tied at 1 each',
    ],
    [
      'a BUY-SELL tie at the top, a HOLD behind',
      [
        vote('a', 'SELL', 0.9),
        vote('b', 'BUY', 0.6),
        vote('c', 'SELL', 0.8),
        vote('d', 'BUY', 0.7),
        vote('e', 'HOLD', 0.2),
      ],
      'no consensus: SELL=2 BUY=2 HOLD=1; BUY and SELL tied at 2 each',
    ],
  ])('holds on %s: opposite answers do not trade', (_label, votes, reasoning) => {
    expect(buildConsensus(votes, 0.4)).toMatchObject({
      action: 'HOLD',
      confidence: 0,
      votesFor: votes.filter((cast) => cast.output.action === 'HOLD').length,
      entryPrice: null,
      reasoning,
    })
  })

  it('still trades a clear majority over the opposite side', () => {
    expect(
      buildConsensus([vote('a', 'SELL', 0.6), vote('b', 'BUY', 0.9), vote('c', 'SELL', 0.5)], 0.5),
    ).toMatchObject({ action: 'SELL', votesFor: 2, agreement: 2 / 3 })
  })

  it.each<[string, Vote[], TradeAction]>([
    [
      'a vote tie goes to higher summed confidence',
      [vote('a', 'BUY', 0.9), vote('b', 'HOLD', 0.6)],
      'BUY',
    ],
    [
      'a full tie goes to the more cautious action',
      [vote('a', 'CLOSE', 0.7), vote('b', 'SELL', 0.7)],
      'CLOSE',
    ],
    ['HOLD beats CLOSE on a full tie', [vote('a', 'CLOSE', 0.7), vote('b', 'HOLD', 0.7)], 'HOLD'],
    [
      // In doubles 0.4 + 0.2 = 0.6000000000000001 > 0.3 + 0.3: the tie must still be seen.
      'equal summed confidences tie exactly and go to HOLD',
      [
        vote('a', 'BUY', 0.4),
        vote('b', 'BUY', 0.2),
        vote('c', 'HOLD', 0.3),
        vote('d', 'HOLD', 0.3),
      ],
      'HOLD',
    ],
  ])('%s', (_label, votes, action) => {
    expect(buildConsensus(votes, 0.5)?.action).toBe(action)
  })

  it('gives no prices for HOLD and CLOSE', () => {
    const consensus = buildConsensus([vote('a', 'CLOSE', 0.8, { entry: '1' })], 0.5)
    expect(consensus).toMatchObject({
      action: 'CLOSE',
      entryPrice: null,
      stopLoss: null,
      confidence: 0.8,
    })
  })

  it('leaves prices null when no winner gave them', () => {
    expect(buildConsensus([vote('a', 'BUY', 0.8)], 0.5)?.entryPrice).toBeNull()
  })
})

describe('median', () => {
  it.each<[(string | undefined)[], string | null]>([
    [[], null],
    [[undefined], null],
    [['3'], '3'],
    [['3', '1', '2'], '2'],
    [['0.1', '0.2'], '0.15'],
    [['10', undefined, '30', '20', '40'], '25'],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)?.toString() ?? null).toBe(expected)
  })
})
