// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import type { MarketSnapshotView } from '../../../../src-shared/contract'
import { SnapshotPanel } from '../../../../src-renderer/src/components/snapshot-panel'

afterEach(cleanup)

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
    latestRegime: { regime: 'trending_bull', confidence: 0.74, position_size_multiplier: 1 },
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

  it('shows the regime by name and its confidence as a percentage', () => {
    render(<SnapshotPanel snapshot={snapshot} />)
    const regime = screen.getByLabelText('Latest regime')
    expect(within(regime).getByText('Trending bull')).toBeTruthy()
    expect(within(regime).getByText('74%')).toBeTruthy()
    expect(within(regime).queryByText('trending_bull')).toBeNull()
  })

  it('shows key levels as prices and scores readably, as the decision trace does', () => {
    render(
      <SnapshotPanel
        snapshot={{
          ...snapshot,
          latestTa: {
            trend_strength: 0.7433333,
            momentum_score: 0.6,
            key_levels: { support: ['58100', '57900.5'], resistance: ['61000.25'] },
          },
          latestRegime: { regime: 'ranging', confidence: 0.5, position_size_multiplier: 1.25 },
        }}
      />,
    )
    const ta = screen.getByLabelText('Latest technical analysis')
    expect(within(ta).getByText('0.743')).toBeTruthy()
    expect(within(ta).getByText('0.6')).toBeTruthy()
    expect(within(ta).getByText('support 58,100.00, 57,900.50 · resistance 61,000.25')).toBeTruthy()
    const regime = screen.getByLabelText('Latest regime')
    expect(within(regime).getByText('50%')).toBeTruthy()
    expect(within(regime).getByText('1.25')).toBeTruthy()
  })
})
