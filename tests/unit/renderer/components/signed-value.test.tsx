// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { SignedValue } from '../../../../src-renderer/src/components/signed-value'

afterEach(cleanup)

describe('SignedValue', () => {
  it.each([
    ['a total across markets, in dollars', '12.3', undefined, '+12.30', 'up'],
    ['a loss on a dollar market, in cents', '-70', 'BTC/USDT', '-70.00', 'down'],
    ['a gain on a BTC market, in BTC places', '0.00001234', 'XRP/BTC', '+0.00001234', 'up'],
    ['nothing gained on a BTC market', '0', 'XRP/BTC', '0', 'flat'],
  ] as const)('shows %s', (_name, value, symbol, text, direction) => {
    render(<SignedValue value={value} {...(symbol ? { symbol } : {})} label="P&L" />)
    const shown = screen.getByLabelText(`P&L ${text}`)
    expect(shown.textContent).toBe(text)
    expect(shown.className).toContain(direction)
  })

  it('shows a percentage signed, whatever the market', () => {
    render(<SignedValue value="1.254" kind="pct" symbol="XRP/BTC" />)
    expect(screen.getByText('+1.25%')).toBeTruthy()
  })
})
