import { describe, expect, it } from 'vitest'
import { NewPositionIds } from '../../../src-main/engine/execution/new-position-ids'

describe('NewPositionIds', () => {
  it('knows an id until its position is stored', () => {
    const ids = new NewPositionIds(10)
    ids.add('a')
    expect(ids.has('a')).toBe(true)
    ids.delete('a')
    expect(ids.has('a')).toBe(false)
  })

  it('forgets the oldest ids beyond its capacity', () => {
    const ids = new NewPositionIds(2)
    ids.add('a')
    ids.add('b')
    ids.add('c')
    expect(['a', 'b', 'c'].map((id) => ids.has(id))).toEqual([false, true, true])
  })
})
