import { describe, expect, it } from 'vitest'
import {
  formatTimelineValue,
  orderTimelineDetails,
} from '../../../../src-renderer/src/format/order-timeline-details'

/** What the order manager writes into a timeline step (OrderManager.log). */
const stepDetails = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  previous_status: 'OPEN',
  filled_size: '0.05',
  average_fill_price: '65000.1',
  fee: '1.3',
  ...extra,
})

describe('orderTimelineDetails', () => {
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
    expect(orderTimelineDetails(details)).toEqual(lines)
  })

  it('reads nested records, lists and flags, never as JSON or [object Object]', () => {
    const lines = orderTimelineDetails({
      fill: { price: '65000', size: '0.01', order_type: 'stop-loss' },
      tradeIds: ['T1', 'T2'],
      isAmend: true,
      retries: 2,
    })
    expect(lines).toEqual([
      'fill: price 65,000.00 · size 0.01 · order type stop loss',
      'trade ids: T1, T2',
      'is amend: yes',
      'retries: 2',
    ])
    expect(lines.join(' ')).not.toMatch(/\[object Object\]|[{}"=]/)
  })
})

describe('formatTimelineValue', () => {
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
  ])('shows %s %j as %s', (name, value, text) => {
    expect(formatTimelineValue(name, value)).toBe(text)
  })
})
