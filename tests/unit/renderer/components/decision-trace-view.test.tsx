// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { DecisionTraceView } from '../../../../src-renderer/src/components/decision-trace-view'
import { BASE_TIME } from '../../../helpers/renderer/builders'

afterEach(cleanup)

describe('DecisionTraceView', () => {
  it("shows a step's detail as the order timeline does: a line per field, in words", () => {
    const reasoning = 'RSI recovering from oversold while MACD crosses up. '.repeat(20).trim()
    render(
      <DecisionTraceView
        decision={null}
        trace={{
          correlationId: 'corr-1',
          symbol: 'BTC/USDT',
          steps: [
            {
              at: BASE_TIME,
              kind: 'signal',
              title: 'trading decision by qwen2.5:7b',
              detail: {
                output: { action: 'BUY', confidence: 0.68, reasoning },
                error: null,
                latencyMs: 1400,
              },
            },
            {
              at: BASE_TIME + 1000,
              kind: 'conflict',
              title: 'conflicts detected',
              detail: { conflicts: [{ type: 'regime_choppy', description: 'choppy regime' }] },
            },
            { at: BASE_TIME + 2000, kind: 'resolution', title: 'resolution BUY', detail: {} },
          ],
        }}
      />,
    )
    const steps = within(screen.getByRole('list', { name: 'Decision trace steps' })).getAllByRole(
      'listitem',
    )
    const lines = (step: HTMLElement) =>
      [...step.querySelectorAll('.detail > span')].map((line) => line.textContent)
    expect(lines(steps[0]!)).toEqual([
      'output action: BUY',
      'output confidence: 68%',
      `output reasoning: ${reasoning}`,
      'latency ms: 1,400',
    ])
    expect(lines(steps[1]!)).toEqual(['conflicts: type regime choppy · description choppy regime'])
    expect(steps[2]!.querySelector('.detail')).toBeNull()
    expect(document.body.textContent).not.toMatch(/=|null|\[object Object\]|[{}"]/)
  })

  it("shows a fill's fee in the places of the trace's market's quote asset", () => {
    const fill = (symbol: string, fee: string) => (
      <DecisionTraceView
        decision={null}
        trace={{
          correlationId: 'corr-1',
          symbol,
          steps: [{ at: BASE_TIME, kind: 'fill', title: 'filled buy', detail: { fee } }],
        }}
      />
    )
    const { rerender } = render(fill('BTC/USDT', '1.3'))
    expect(screen.getByText('fee: 1.30')).toBeTruthy()
    rerender(fill('XRP/BTC', '0.0000031'))
    expect(screen.getByText('fee: 0.0000031')).toBeTruthy()
  })
})
