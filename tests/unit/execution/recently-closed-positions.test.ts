import { describe, expect, it } from 'vitest'
import { RecentlyClosedPositions } from '../../../src-main/engine/execution/recently-closed-positions'
import { aPosition } from './position-builder'

const closed = (id: string) => aPosition({ id, status: 'closed' })

describe('RecentlyClosedPositions', () => {
  it('returns a remembered position and nothing for one it never saw', () => {
    const positions = new RecentlyClosedPositions(2)
    const position = closed('a')
    positions.remember(position)
    expect(positions.get('a')).toBe(position)
    expect(positions.get('b')).toBeUndefined()
  })

  it('drops the oldest close once over its limit, counting a position remembered again as new', () => {
    const positions = new RecentlyClosedPositions(2)
    positions.remember(closed('a'))
    positions.remember(closed('b'))
    positions.remember(closed('c'))
    expect(['a', 'b', 'c'].map((id) => positions.get(id)?.id)).toEqual([undefined, 'b', 'c'])
    positions.remember(closed('b'))
    positions.remember(closed('d'))
    expect(['b', 'c', 'd'].map((id) => positions.get(id)?.id)).toEqual(['b', undefined, 'd'])
  })

  it('refuses a limit that is not a positive integer', () => {
    for (const limit of [0, -1, 1.5]) {
      expect(() => new RecentlyClosedPositions(limit)).toThrow(/positive integer: got/)
    }
  })
})
