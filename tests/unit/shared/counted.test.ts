import { describe, expect, it } from 'vitest'
import { counted } from '../../../src-shared/counted'

describe('counted', () => {
  it.each([
    [0, 'order', undefined, '0 orders'],
    [1, 'order', undefined, '1 order'],
    [2, 'order', undefined, '2 orders'],
    [1, 'batch', 'batches', '1 batch'],
    [3, 'batch', 'batches', '3 batches'],
  ])('%i %s reads %s', (count, one, many, text) => {
    expect(counted(count, one, many)).toBe(text)
  })
})
