import { describe, expect, it } from 'vitest'
import { groupBy } from '../../../src-shared/group-by'

describe('groupBy', () => {
  it('keeps the groups in the order of their first item and the items in theirs', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (item) => item[0])
    expect([...groups]).toEqual([
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ])
    expect(groupBy([], (item: string) => item).size).toBe(0)
  })
})
