import { describe, expect, it } from 'vitest'
import { formatNumber, snapshotSections } from '../../../src-main/engine/agents/snapshot-sections'
import { TIER_PROFILES } from '../../../src-main/engine/llm/prompt-templates'
import { aSnapshot } from '../../helpers/llm/snapshots'

describe('snapshotSections', () => {
  it('shows the header, then indicators and candles of the profile timeframes present', () => {
    const sections = snapshotSections(aSnapshot(), TIER_PROFILES.api)
    expect(sections.map((section) => section.name)).toEqual([
      'Market',
      'Indicators 1h',
      'Indicators 4h',
      'Candles 1h (time, open, high, low, close, volume; oldest first)',
      'Candles 4h (time, open, high, low, close, volume; oldest first)',
    ])
    expect(sections[0]).toMatchObject({
      isRequired: true,
      text: 'symbol: BTC/USDT\nprice: 50000\nchange_24h_pct: 1.8\ndata_age_s: 30',
    })
    expect(sections[1]?.text).toContain('ema_9: 49800')
    expect(sections[3]?.text.split('\n')).toHaveLength(30)
    expect(sections[3]?.text.split('\n')[0]).toBe(
      '2024-12-31T23:00:00.000Z 49900 49925 49885 49910 12.5',
    )
    expect(sections[3]?.cutFrom).toBe('start')
    expect(sections[3]!.priority).toBeLessThan(sections[1]!.priority)
  })

  it('keeps only the recent candles a local model gets', () => {
    const sections = snapshotSections(aSnapshot(), TIER_PROFILES.local)
    const candles = sections.find((section) => section.name.startsWith('Candles 1h'))
    expect(candles?.text.split('\n')).toHaveLength(12)
    expect(candles?.text.split('\n')[11]).toContain(' 50200 ')
  })

  it('says so when a timeframe has no indicators, and leaves out empty candle lists', () => {
    const snapshot = aSnapshot({}, { change24hPct: null })
    const bare = { ...snapshot, timeframes: { '1h': { indicators: {}, candles: [] } } }
    const sections = snapshotSections(bare, TIER_PROFILES.api)
    expect(sections.map((section) => [section.name, section.text])).toEqual([
      ['Market', 'symbol: BTC/USDT\nprice: 50000\nchange_24h_pct: n/a\ndata_age_s: 30'],
      ['Indicators 1h', 'none'],
    ])
  })

  it('formats numbers with six significant digits', () => {
    expect(formatNumber(0.123456789)).toBe('0.123457')
    expect(formatNumber(Number.NaN)).toBe('n/a')
    expect(formatNumber(undefined)).toBe('n/a')
  })
})
