import { describe, expect, it } from 'vitest'
import { detailLines, formatDetailValue } from '../../../../src-renderer/src/format/detail-lines'

/** What the order manager writes into a timeline step (OrderManager.log). */
const stepDetails = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  previous_status: 'OPEN',
  filled_size: '0.05',
  average_fill_price: '65000.1',
  fee: '1.3',
  ...extra,
})

describe('detailLines of an order timeline step', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      'an order placed: nothing before it, nothing filled',
      stepDetails({ previous_status: null, filled_size: '0', average_fill_price: null, fee: '0' }),
      ['filled size: 0', 'fee: 0'],
    ],
    [
      'a fill',
      stepDetails(),
      ['previous status: open', 'filled size: 0.05', 'average fill price: 65,000.10', 'fee: 1.3'],
    ],
    [
      'a fill after a partial one, the status before in words',
      stepDetails({ previous_status: 'PARTIALLY_FILLED' }),
      [
        'previous status: partially filled',
        'filled size: 0.05',
        'average fill price: 65,000.10',
        'fee: 1.3',
      ],
    ],
    [
      "an XRP/BTC fill, at the price's own places",
      stepDetails({ filled_size: '2500', average_fill_price: '0.00001234', fee: '0.00000012' }),
      [
        'previous status: open',
        'filled size: 2,500',
        'average fill price: 0.00001234',
        'fee: 0.00000012',
      ],
    ],
    [
      'a refusal with its error',
      stepDetails({
        previous_status: 'PENDING',
        filled_size: '0',
        average_fill_price: null,
        fee: '0',
        error: 'EOrder:Insufficient funds',
      }),
      ['previous status: pending', 'filled size: 0', 'fee: 0', 'error: EOrder:Insufficient funds'],
    ],
    [
      "a protective order amended at the same status, the level's change as prices",
      stepDetails({
        filled_size: '0',
        average_fill_price: null,
        fee: '0',
        amended_size: '0.04',
        previous_size: '0.05',
        amended_trigger_price: '63500',
        previous_trigger_price: '63000',
      }),
      [
        'previous status: open',
        'filled size: 0',
        'fee: 0',
        'amended size: 0.04',
        'previous size: 0.05',
        'amended trigger price: 63,500.00',
        'previous trigger price: 63,000.00',
      ],
    ],
    [
      'an exchange id as it is',
      { externalId: 'OQCLML-BW3P3-BUCMWZ' },
      ['external id: OQCLML-BW3P3-BUCMWZ'],
    ],
  ])('shows %s as short lines', (_name, details, lines) => {
    expect(detailLines(details)).toEqual(lines)
  })

  it.each<[string, string, string[]]>([
    ['BTC/USDT', '1.3', ['fee: 1.30']],
    ['BTC/USDT', '0', ['fee: 0.00']],
    ['XRP/BTC', '0.00000012', ['fee: 0.00000012']],
  ])(
    "shows a fee on %s in its quote asset's places, as the tables do: %s",
    (symbol, fee, lines) => {
      expect(detailLines({ fee }, symbol)).toEqual(lines)
    },
  )

  it("shows a closed position's realized P&L in its quote asset's places", () => {
    expect(
      detailLines({ exit_price: '66000', realized_pnl: '48.7', reason: 'manual' }, 'BTC/USDT'),
    ).toEqual(['exit price: 66,000.00', 'realized pnl: 48.70', 'reason: manual'])
  })

  it('keeps a fee a quantity where the market is not known', () => {
    expect(detailLines({ fee: '1.3' }, null)).toEqual(['fee: 1.3'])
  })

  it('reads records, lists and flags, never as JSON or [object Object]', () => {
    const lines = detailLines({
      fill: { price: '65000', size: '0.01', order_type: 'stop-loss', venue: { name: 'kraken' } },
      tradeIds: ['T1', 'T2'],
      isAmend: true,
      retries: 2,
    })
    expect(lines).toEqual([
      'fill price: 65,000.00',
      'fill size: 0.01',
      'fill order type: stop loss',
      'fill venue: name kraken',
      'trade ids: T1, T2',
      'is amend: yes',
      'retries: 2',
    ])
    expect(lines.join(' ')).not.toMatch(/\[object Object\]|[{}"=]/)
  })
})

/** A signal step's detail as `InsightQueries.trace` records it: the agent's output inside. */
const signalDetail = (output: Record<string, unknown>): Record<string, unknown> => ({
  output,
  error: null,
  latencyMs: 1400,
})

describe('detailLines of a decision trace step', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    [
      "a trading decision agent's output, a line per field named after it",
      signalDetail({
        action: 'BUY',
        confidence: 0.68,
        entry_price: '65000.1',
        stop_loss: '63500',
        take_profit: 68000,
        leverage: 1,
        reasoning: 'RSI recovering from oversold; MACD crossing up',
      }),
      [
        'output action: BUY',
        'output confidence: 68%',
        'output entry price: 65,000.10',
        'output stop loss: 63,500.00',
        'output take profit: 68,000.00',
        'output leverage: 1',
        'output reasoning: RSI recovering from oversold; MACD crossing up',
        'latency ms: 1,400',
      ],
    ],
    [
      'a regime, in words as every view shows it',
      signalDetail({
        regime: 'trending_bull',
        confidence: 0.74,
        position_size_multiplier: 0.5,
        entry_strictness: 'normal',
      }),
      [
        'output regime: Trending bull',
        'output confidence: 74%',
        'output position size multiplier: 0.5',
        'output entry strictness: normal',
        'latency ms: 1,400',
      ],
    ],
    [
      "a technical analysis, its key levels one line of prices, a deeper record's",
      signalDetail({
        bias: 'long',
        key_levels: { support: ['64000', 63000.5], resistance: [] },
      }),
      [
        'output bias: long',
        'output key levels: support 64,000.00, 63,000.50 · resistance —',
        'latency ms: 1,400',
      ],
    ],
    [
      'an invalid answer: no output, its error',
      { output: null, error: 'timeout after 30000 ms', latencyMs: 30000 },
      ['error: timeout after 30000 ms', 'latency ms: 30,000'],
    ],
    [
      'a consensus with its levels as prices',
      {
        entryPrice: '65000',
        stopLoss: '63500',
        takeProfit: null,
        leverage: 2,
        reasoning: '2 of 3 models',
      },
      ['entry price: 65,000.00', 'stop loss: 63,500.00', 'leverage: 2', 'reasoning: 2 of 3 models'],
    ],
    [
      "a model's vote",
      { provider: 'ollama', latencyMs: 812, costUsd: '0', agreedWithConsensus: false },
      ['provider: ollama', 'latency ms: 812', 'cost usd: 0', 'agreed with consensus: no'],
    ],
    [
      'the conflicts detected, each record read out, separated by semicolons',
      {
        conflicts: [
          {
            type: 'ta_sentiment',
            description: 'TA against sentiment',
            details: { ta_bias: 'long', confidence: 0.7 },
          },
          { type: 'regime_choppy', description: 'choppy regime', details: {} },
        ],
      },
      [
        'conflicts: type ta sentiment · description TA against sentiment · details ta bias long · confidence 70%; ' +
          'type regime choppy · description choppy regime · details —',
      ],
    ],
    [
      "a decision's agreement, a fraction like its confidence",
      { agreement: 0.67 },
      ['agreement: 67%'],
    ],
    [
      'a resolution without modifications',
      { confidence: 0.6, reasoning: 'wait for a cleaner setup', modifications: null, latencyMs: 0 },
      ['confidence: 60%', 'reasoning: wait for a cleaner setup', 'latency ms: 0'],
    ],
    [
      'a resolution that modified the trade',
      { confidence: 0.6, modifications: { position_size_pct: 50, leverage: 1 } },
      ['confidence: 60%', 'modifications position size pct: 50', 'modifications leverage: 1'],
    ],
    [
      'an order, its empty price and error left out',
      { orderId: 'ord-1', clientOrderId: 'tg-ord-0', price: null, error: null },
      ['order id: ord-1', 'client order id: tg-ord-0'],
    ],
  ])('shows %s', (_name, detail, lines) => {
    expect(detailLines(detail)).toEqual(lines)
  })

  it.each<[string, string, string[]]>([
    ['BTC/USDT', '1.30', ['order id: ord-1', 'fee: 1.30', 'fee asset: USDT']],
    ['XRP/BTC', '0.0000031', ['order id: ord-1', 'fee: 0.0000031', 'fee asset: BTC']],
  ])(
    "shows a fill's fee on the trace's market %s in its quote asset's places",
    (symbol, fee, lines) => {
      const feeAsset = symbol.split('/')[1]
      expect(detailLines({ orderId: 'ord-1', fee, feeAsset }, symbol)).toEqual(lines)
    },
  )

  it('leaves out empty texts, lists and records, a record of them included', () => {
    expect(
      detailLines({ reasoning: '', reasons: [], modifications: {}, output: { error: null } }),
    ).toEqual([])
  })
})

describe('formatDetailValue', () => {
  it.each<[string, unknown, string]>([
    ['status', 'CANCELLED', 'cancelled'],
    ['role', 'take-profit', 'take profit'],
    ['side', 'sell', 'sell'],
    ['error', 'EOrder:Invalid price', 'EOrder:Invalid price'],
    ['price', 64999.995, '65,000.00'],
    ['size', 1234.5, '1,234.5'],
    ['detail', null, '—'],
    ['fill', {}, '—'],
    ['ids', [], '—'],
    ['fill', { price: null }, 'price —'],
    ['flag', false, 'no'],
    ['confidence', 0.685, '69%'],
    ['regime', 'range_bound', 'Range bound'],
    ['take_profit', '68000', '68,000.00'],
    ['support', ['64000', '63000'], '64,000.00, 63,000.00'],
    [
      'conflicts',
      [{ type: 'regime_choppy' }, { type: 'correlated_symbols' }],
      'type regime choppy; type correlated symbols',
    ],
  ])('shows %s %j as %s', (name, value, text) => {
    expect(formatDetailValue(name, value)).toBe(text)
  })

  it('leaves a confidence or a regime of an unexpected type as it is', () => {
    expect(formatDetailValue('confidence', 'high')).toBe('high')
    expect(formatDetailValue('regime', 3)).toBe('3')
  })
})

/** What the snapshot panel shows: the latest `ta_signals` and `regime_updates` payloads. */
describe('formatDetailValue of an agent output field', () => {
  it.each<[string, unknown, string]>([
    ['trend_strength', 0.74, '0.74'],
    ['trend_strength', 0.7433333, '0.743'],
    ['momentum_score', -0.6, '-0.6'],
    ['rsi_14', 54.3219, '54.32'],
    ['position_size_multiplier', 1, '1'],
    ['position_size_multiplier', 1.25, '1.25'],
    ['confidence', 0.74, '74%'],
    ['regime', 'trending_bull', 'Trending bull'],
    ['trend_direction', 'bullish', 'bullish'],
    ['signal', 'trending_bull', 'trending_bull'],
    [
      'key_levels',
      { support: ['55080.733', '53400'], resistance: ['1.386941'] },
      'support 55,080.73, 53,400.00 · resistance 1.3869',
    ],
    [
      'key_levels',
      { support: [58100, 57900.5], resistance: [] },
      'support 58,100.00, 57,900.50 · resistance —',
    ],
    ['levels', { stop_loss: 57000 }, 'stop loss 57,000.00'],
    [
      'regime_now',
      { regime: 'volatile_bear', confidence: 0.61 },
      'regime Volatile bear · confidence 61%',
    ],
  ])('shows %s %j as %s', (name, value, text) => {
    expect(formatDetailValue(name, value)).toBe(text)
  })
})
