// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ORDER_STATUSES } from '../../../../src-shared/contract'
import { OrderStatus } from '../../../../src-renderer/src/components/order-status'

afterEach(cleanup)

describe('OrderStatus', () => {
  it.each([
    ['PARTIALLY_FILLED', 'partially filled'],
    ['FILLED', 'filled'],
    ['CANCELLED', 'cancelled'],
  ] as const)('shows %s in words: %s', (status, words) => {
    render(<OrderStatus status={status} />)
    expect(screen.getByText(words).className).toBe('pill')
  })

  it('leaves no underscore in any status', () => {
    for (const status of ORDER_STATUSES) {
      const { container, unmount } = render(<OrderStatus status={status} />)
      expect(container.textContent).not.toContain('_')
      unmount()
    }
  })
})
