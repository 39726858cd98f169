// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { MarketSnapshotView } from '../../../../src-shared/contract'
import { formatValue, SnapshotPanel } from '../../../../src-renderer/src/components/snapshot-panel'

afterEach(cleanup)

describe('snapshot panel values', () => {
  it.each<[string, unknown, string]>([
    ['nothing', null, '—'],
    ['a small number', 0.8, '0.800'],
    ['a price', 58100, '58,100.00'],
    ['a word', 'bullish', 'bullish'],
    ['an empty list', [], '—'],
    [
      'key levels',
      { support: [58100, 57900.5], resistance: [] },
      'support 58,100.00, 57,900.50 · resistance —',
    ],
    [
      'key levels sent as decimal texts',
      { support: ['55080.733', '53400'], resistance: ['1.386941'] },
      'support 55,080.73, 53,400.00 · resistance 1.3869',
    ],
    ['a nested field named in snake case', { stop_loss: 57000 }, 'stop loss 57,000.00'],
  ])('shows %s readably', (_name, value, text) => {
    expect(formatValue(value)).toBe(text)
  })
})

describe('SnapshotPanel', () => {
  const snapshot: MarketSnapshotView = {
    symbol: 'BTC/USDT',
    price: '58650.01',
    change24hPct: null,
    dataAgeMs: 0,
    isStale: false,
    staleParts: [],
    indicators: {},
    latestTa: { trend_direction: 'bullish', momentum_score: 0.6 },
    latestRegime: { regime: 'trending_bull', position_size_multiplier: 1 },
  }

  it('names the agents’ output fields in words', () => {
    render(<SnapshotPanel snapshot={snapshot} />)
    const regime = screen.getByLabelText('Latest regime')
    expect(within(regime).getByText('position size multiplier')).toBeTruthy()
    const ta = screen.getByLabelText('Latest technical analysis')
    expect(within(ta).getByText('trend direction')).toBeTruthy()
    expect(within(ta).getByText('momentum score')).toBeTruthy()
    expect(within(ta).queryByText('momentum_score')).toBeNull()
  })
})
