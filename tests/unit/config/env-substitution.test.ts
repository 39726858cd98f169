import { describe, expect, it } from 'vitest'
import { coerceScalar, substituteEnv } from '../../../src-main/engine/config/env-substitution'

describe('substituteEnv', () => {
  it('replaces references inside longer strings and lists the missing variables', () => {
    const result = substituteEnv(
      { url: 'http://${HOST:-localhost}:${PORT}/x', list: ['${A}', 'plain'], n: 3 },
      { PORT: '8080', A: 'yes' },
    )
    expect(result.value).toEqual({ url: 'http://localhost:8080/x', list: ['yes', 'plain'], n: 3 })
    expect(result.missing).toEqual([])
    expect(substituteEnv({ a: 'x${NOPE}y', b: '${GONE}' }, {})).toEqual({
      value: { a: 'xy', b: null },
      missing: ['GONE', 'NOPE'],
    })
  })

  it('treats an empty variable like an unset one, so defaults apply', () => {
    expect(substituteEnv('${X:-fallback}', { X: '' }).value).toBe('fallback')
    expect(substituteEnv('${X:-}', {}).value).toBe('')
  })
})

describe('coerceScalar', () => {
  it.each([
    ['42', 42],
    ['-1.5', -1.5],
    ['1e3', 1000],
    ['true', true],
    ['false', false],
    ['abc', 'abc'],
    ['', ''],
    ['12abc', '12abc'],
  ])('%j → %j', (raw, expected) => {
    expect(coerceScalar(raw)).toBe(expected)
  })
})
