import { describe, expect, it } from 'vitest'
import { resolveMode } from '../../../src-main/engine/engine-mode'

describe('resolveMode', () => {
  it.each([
    [{ configured: 'paper', isLiveConfirmed: false, hasExchangeKeys: false }, { mode: 'paper' }],
    [
      { configured: 'paper', flag: 'replay', isLiveConfirmed: false, hasExchangeKeys: false },
      { mode: 'replay' },
    ],
    [
      { configured: 'live', flag: 'paper', isLiveConfirmed: false, hasExchangeKeys: false },
      { mode: 'paper' },
    ],
    [{ configured: 'live', isLiveConfirmed: true, hasExchangeKeys: true }, { mode: 'live' }],
  ] as const)('%j → %j', (request, expected) => {
    expect(resolveMode(request)).toEqual(expected)
  })

  it('refuses live without keys, then without confirmation', () => {
    expect(
      resolveMode({ configured: 'live', isLiveConfirmed: true, hasExchangeKeys: false }),
    ).toEqual({
      error: expect.stringContaining('needs KRAKEN_API_KEY'),
    })
    expect(
      resolveMode({
        configured: 'paper',
        flag: 'live',
        isLiveConfirmed: false,
        hasExchangeKeys: true,
      }),
    ).toEqual({
      error: expect.stringContaining('--confirm-live'),
    })
  })
})
