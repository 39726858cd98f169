// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { OrderTimeline } from '../../../../src-renderer/src/components/order-timeline'
import { BASE_TIME } from '../../../helpers/renderer/builders'

afterEach(cleanup)

describe('OrderTimeline', () => {
  it("shows each status in words and the engine's details as short lines", () => {
    render(
      <OrderTimeline
        symbol="BTC/USDT"
        timeline={[
          {
            status: 'PENDING',
            at: BASE_TIME,
            details: {
              previous_status: null,
              filled_size: '0',
              average_fill_price: null,
              fee: '0',
            },
          },
          {
            status: 'PARTIALLY_FILLED',
            at: BASE_TIME + 1000,
            details: {
              previous_status: 'OPEN',
              filled_size: '0.02',
              average_fill_price: '65000.1',
              fee: '0.52',
            },
          },
          { status: 'CANCELLED', at: BASE_TIME + 2000, details: null },
        ]}
      />,
    )
    const steps = within(screen.getByRole('list', { name: 'Status timeline' })).getAllByRole(
      'listitem',
    )
    expect(steps.map((step) => step.querySelector('strong')?.textContent)).toEqual([
      'pending',
      'partially filled',
      'cancelled',
    ])
    // The engine's status stays on the step for its colour.
    expect(steps.map((step) => step.dataset.status)).toEqual([
      'PENDING',
      'PARTIALLY_FILLED',
      'CANCELLED',
    ])
    const lines = (step: HTMLElement) =>
      [...step.querySelectorAll('.timeline-detail')].map((line) => line.textContent)
    // A fee in the places of the order's quote asset, as the orders table shows it.
    expect(lines(steps[0]!)).toEqual(['filled size: 0', 'fee: 0.00'])
    expect(lines(steps[1]!)).toEqual([
      'previous status: open',
      'filled size: 0.02',
      'average fill price: 65,000.10',
      'fee: 0.52',
    ])
    expect(lines(steps[2]!)).toEqual([])
    expect(document.body.textContent).not.toMatch(/_|=|\[object Object\]/)
  })

  it("shows a fee on a BTC market in BTC's places, not as cents", () => {
    render(
      <OrderTimeline
        symbol="XRP/BTC"
        timeline={[
          {
            status: 'FILLED',
            at: BASE_TIME,
            details: { filled_size: '2500', average_fill_price: '0.00001234', fee: '0.00000012' },
          },
        ]}
      />,
    )
    expect(
      [...document.querySelectorAll('.timeline-detail')].map((line) => line.textContent),
    ).toEqual(['filled size: 2,500', 'average fill price: 0.00001234', 'fee: 0.00000012'])
  })

  it('says when nothing was recorded', () => {
    render(<OrderTimeline timeline={[]} symbol="BTC/USDT" />)
    expect(screen.getByText('No status changes recorded.')).toBeTruthy()
  })
})
