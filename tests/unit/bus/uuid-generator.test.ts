import { describe, expect, it } from 'vitest'
import { createUuidGenerator } from '../../../src-main/engine/bus/uuid-generator'

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('createUuidGenerator', () => {
  it('makes distinct version 4 UUIDs across entropy blocks', () => {
    const next = createUuidGenerator(8)
    const ids = Array.from({ length: 100 }, () => next())
    for (const id of ids) expect(id).toMatch(UUID_V4)
    expect(new Set(ids).size).toBe(100)
  })
})
