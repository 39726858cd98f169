import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { deepFreeze } from '../../../src-main/engine/bus/deep-freeze'

describe('deepFreeze', () => {
  it('freezes plain objects and arrays all the way down', () => {
    const value = deepFreeze({ a: { b: [1, { c: 2 }] }, d: Object.create(null) as object })
    expect(Object.isFrozen(value)).toBe(true)
    expect(Object.isFrozen(value.a)).toBe(true)
    expect(Object.isFrozen(value.a.b)).toBe(true)
    expect(Object.isFrozen(value.a.b[1])).toBe(true)
    expect(Object.isFrozen(value.d)).toBe(true)
  })

  it('leaves class instances and primitives alone', () => {
    const price = new Decimal('1.5')
    const map = new Map([[1, 2]])
    const value = deepFreeze({ price, map })
    expect(Object.isFrozen(value)).toBe(true)
    expect(Object.isFrozen(map)).toBe(false)
    expect(deepFreeze(7)).toBe(7)
    expect(deepFreeze(null)).toBe(null)
  })
})
