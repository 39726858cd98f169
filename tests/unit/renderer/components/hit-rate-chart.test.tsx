// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { HitRateChart } from '../../../../src-renderer/src/components/hit-rate-chart'
import { aModelStats } from '../../../helpers/renderer/builders'
import { installResizeObserverStub } from '../../../helpers/renderer/render-with-stores'

const CHART_WIDTH = 440
const CHART_HEIGHT = 170

/** About the width of a character of the axis's 10.5 px text. */
const CHARACTER_WIDTH = 6

/**
 * jsdom lays nothing out: the chart's box gets the chart's size, so recharts draws, and the
 * span recharts measures text in a width by its length, so long names can be cut short.
 */
beforeAll(() => {
  installResizeObserverStub()
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (
    this: HTMLElement,
  ) {
    return this.tagName === 'SPAN'
      ? DOMRect.fromRect({ width: (this.textContent ?? '').length * CHARACTER_WIDTH, height: 12 })
      : DOMRect.fromRect({ width: CHART_WIDTH, height: CHART_HEIGHT })
  })
})
afterAll(() => vi.restoreAllMocks())
afterEach(cleanup)

const claude = aModelStats({
  model: 'claude-sonnet-4-5',
  provider: 'anthropic',
  votes: 118,
  validVotes: 116,
  hitRate1h: 0.56,
  hitRate4h: 0.6,
  hitRate24h: 0.64,
})
const deepseek = aModelStats({
  model: 'deepseek-v4',
  provider: 'deepseek',
  hitRate1h: null,
  hitRate4h: 0.52,
  hitRate24h: null,
})

const drawnBars = (chart: HTMLElement) => chart.querySelectorAll('path.recharts-rectangle')
const missingDashes = (chart: HTMLElement) => chart.querySelectorAll('.hit-rate-missing')

describe('HitRateChart', () => {
  it('is named after every model’s hit rates, a dash where a horizon has none yet', () => {
    render(<HitRateChart stats={[claude, deepseek]} />)
    expect(
      screen.getByRole('img', {
        name: 'Hit rate by model at 1 h / 4 h / 24 h: claude-sonnet-4-5 56% / 60% / 64%; deepseek-v4 — / 52% / —',
      }),
    ).toBeTruthy()
  })

  it('draws a group per model: a bar per judged horizon, a dash, not a zero bar, for the others', () => {
    render(<HitRateChart stats={[claude, deepseek]} />)
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    expect(drawnBars(chart)).toHaveLength(4)
    expect([...missingDashes(chart)].map((dash) => dash.textContent)).toEqual(['—', '—'])
    const groups = chart.querySelectorAll(
      '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
    )
    expect([...groups].map((group) => group.textContent)).toEqual([
      'claude-sonnet-4-5',
      'deepseek-v4',
    ])
  })

  it('cuts a model’s name short under its group rather than run it into the next one', () => {
    const names = ['claude-sonnet-4-5', 'gpt-4.1-mini', 'deepseek-v4', 'qwen2.5:7b']
    render(<HitRateChart stats={[...names, ...names].map((model) => aModelStats({ model }))} />)
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    const labels = [...chart.querySelectorAll('.recharts-xAxis-tick-labels text')].map(
      (label) => label.textContent ?? '',
    )
    expect(labels).toHaveLength(8)
    labels.forEach((label, index) => {
      expect(label).toMatch(/^.+…$/)
      expect(names[index % names.length]?.startsWith(label.slice(0, -1))).toBe(true)
    })
  })

  it('shows a 0 % hit rate as a sliver, apart from a missing one', () => {
    render(
      <HitRateChart stats={[aModelStats({ hitRate1h: 0, hitRate4h: null, hitRate24h: 0.5 })]} />,
    )
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    expect(drawnBars(chart)).toHaveLength(2)
    expect(missingDashes(chart)).toHaveLength(1)
  })

  it('names the horizons and the coin flip in its legend, on a fixed 0–100 % axis', () => {
    render(<HitRateChart stats={[claude]} />)
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    expect(chart.querySelector('.chart-legend')?.textContent).toBe(
      'Hit 1 hHit 4 hHit 24 h50% coin flip',
    )
    const valueTicks = [
      ...chart.querySelectorAll('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value'),
    ]
    expect(valueTicks.map((tick) => tick.textContent)).toEqual(['0%', '25%', '50%', '75%', '100%'])
    expect(chart.querySelectorAll('.recharts-reference-line')).toHaveLength(1)
  })

  it('draws one model as one group of three bars', () => {
    render(<HitRateChart stats={[claude]} />)
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    expect(drawnBars(chart)).toHaveLength(3)
    expect(missingDashes(chart)).toHaveLength(0)
  })

  it('tells the exact hit rates and the votes behind them on hover', async () => {
    render(<HitRateChart stats={[claude, deepseek]} />)
    const chart = screen.getByRole('img', { name: /^Hit rate by model/ })
    const surface = chart.querySelector('.recharts-wrapper') as HTMLElement
    // The right-hand group: deepseek-v4.
    await act(async () => {
      fireEvent.mouseMove(surface, { clientX: CHART_WIDTH * 0.7, clientY: CHART_HEIGHT / 2 })
      await new Promise((resolve) => setTimeout(resolve, 0))
    })
    const tooltip = chart.querySelector('.chart-tooltip') as HTMLElement
    expect(within(tooltip).getByText('deepseek-v4')).toBeTruthy()
    expect(tooltip.textContent).toContain('Hit 1 h — not judged yet')
    expect(tooltip.textContent).toContain('Hit 4 h 52.0%')
    expect(tooltip.textContent).toContain('120 votes, 118 valid')
  })

  it('says no vote was judged yet instead of drawing an empty chart', () => {
    render(
      <HitRateChart
        stats={[aModelStats({ hitRate1h: null, hitRate4h: null, hitRate24h: null })]}
      />,
    )
    expect(screen.queryByRole('img')).toBeNull()
    expect(screen.getByText(/No hit rates yet/).textContent).toBe(
      'No hit rates yet: each vote is judged 1 h, 4 h and 24 h after its decision.',
    )
  })
})
