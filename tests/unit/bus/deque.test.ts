import { describe, expect, it } from 'vitest'
import { Deque } from '../../../src-main/engine/bus/deque'

describe('Deque', () => {
  it('is FIFO through growth and wrap-around', () => {
    const deque = new Deque<number>()
    const taken: number[] = []
    for (let i = 0; i < 10; i++) deque.push(i)
    for (let i = 0; i < 5; i++) taken.push(deque.shift() as number)
    for (let i = 10; i < 40; i++) deque.push(i)
    expect(deque.size).toBe(35)
    expect(deque.peekFront()).toBe(5)
    expect(deque.at(0)).toBe(5)
    expect(deque.at(34)).toBe(39)
    expect(deque.at(35)).toBeUndefined()
    expect(deque.at(-1)).toBeUndefined()
    while (deque.size > 0) taken.push(deque.shift() as number)
    expect(taken).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(deque.shift()).toBeUndefined()
    expect(deque.peekFront()).toBeUndefined()
  })

  it('gives memory back when emptied after a burst', () => {
    const deque = new Deque<number>()
    for (let i = 0; i < 10_000; i++) deque.push(i)
    expect(deque.capacity).toBeGreaterThanOrEqual(10_000)
    while (deque.size > 0) deque.shift()
    expect(deque.capacity).toBe(16)
  })

  it('clears', () => {
    const deque = new Deque<string>()
    deque.push('a')
    deque.clear()
    expect(deque.size).toBe(0)
    expect(deque.shift()).toBeUndefined()
  })
})
