// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { IndicatorsTable } from '../../../../src-renderer/src/components/indicators-table'

afterEach(cleanup)

describe('IndicatorsTable', () => {
  const indicators = {
    '1m': { ema_9: 57_712.608437413146, rsi: 47.313365690469084, supertrend_direction: -1 },
    '1h': { ema_9: 58_265.16411911111, rsi: null, supertrend_direction: 1 },
    '1d': { ema_9: 2.6702042648142335e-5 },
  }

  it('has a column per timeframe, headed as the toolbar writes it', () => {
    render(<IndicatorsTable indicators={indicators} />)
    const table = screen.getByRole('table', { name: 'Indicators' })
    const headings = within(table).getAllByRole('columnheader')
    expect(headings.map((heading) => heading.textContent)).toEqual(['Indicator', '1m', '1h', '1d'])
    // Upper case would read 1m as one month.
    expect(headings.slice(1).every((heading) => heading.classList.contains('as-written'))).toBe(
      true,
    )
  })

  it('shows each value short with the full value on hover, a dash where there is none', () => {
    render(<IndicatorsTable indicators={indicators} />)
    const rows = within(screen.getByRole('table', { name: 'Indicators' })).getAllByRole('row')
    const cells = (name: string) =>
      within(rows.find((row) => row.textContent?.startsWith(name)) as HTMLElement)
        .getAllByRole('cell')
        .slice(1)
    expect(cells('EMA 9').map((cell) => [cell.textContent, cell.title])).toEqual([
      ['57,713', '57,712.60844'],
      ['58,265', '58,265.16412'],
      ['2.670e-5', '0.00002670204265'],
    ])
    expect(cells('RSI').map((cell) => cell.textContent)).toEqual(['47.313', '—', '—'])
  })

  it('names each indicator as traders do, with the engine key on hover', () => {
    render(<IndicatorsTable indicators={indicators} />)
    const names = within(screen.getByRole('table', { name: 'Indicators' }))
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell')[0])
    expect(names.map((cell) => [cell?.textContent, cell?.title])).toEqual([
      ['EMA 9', 'ema_9'],
      ['RSI', 'rsi'],
      ['Supertrend direction', 'supertrend_direction'],
    ])
  })

  it('reads a direction as up or down', () => {
    render(<IndicatorsTable indicators={indicators} />)
    const row = within(screen.getByRole('table', { name: 'Indicators' }))
      .getAllByRole('row')
      .find((candidate) => candidate.textContent?.startsWith('Supertrend direction'))
    expect(
      within(row as HTMLElement)
        .getAllByRole('cell')
        .slice(1)
        .map((cell) => cell.textContent),
    ).toEqual(['down', 'up', '—'])
  })
})
