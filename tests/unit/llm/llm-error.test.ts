import { describe, expect, it } from 'vitest'
import {
  countsAgainstHealth,
  describeThrown,
  errorFromStatus,
  isRetryable,
  llmError,
  retryAfterFromHeaders,
  type LlmErrorKind,
} from '../../../src-main/engine/llm/llm-error'

describe('errorFromStatus', () => {
  it.each<[number, string, LlmErrorKind]>([
    [400, 'bad field', 'bad_request'],
    [400, 'Incorrect API key provided: sk***', 'auth'],
    [401, 'invalid key', 'auth'],
    [402, 'insufficient balance', 'auth'],
    [403, 'forbidden', 'auth'],
    [404, 'model not found', 'not_found'],
    [408, 'request timeout', 'timeout'],
    [413, 'too large', 'bad_request'],
    [422, 'invalid params', 'bad_request'],
    [429, 'slow down', 'rate_limited'],
    [500, 'oops', 'server'],
    [502, 'bad gateway', 'server'],
    [503, 'overloaded', 'overloaded'],
    [504, 'gateway timeout', 'timeout'],
    [529, 'Overloaded', 'overloaded'],
  ])('maps status %i (%s) to %s', (status, message, kind) => {
    const error = errorFromStatus(status, message)
    expect(error).toMatchObject({ kind, status })
    expect(error.message).toBe(`status=${status} ${message}`)
  })

  it('keeps the retry delay the provider asked for', () => {
    expect(errorFromStatus(429, 'x', 1500).retryAfterMs).toBe(1500)
    expect('retryAfterMs' in errorFromStatus(429, 'x')).toBe(false)
  })
})

describe('error kinds', () => {
  it.each<[LlmErrorKind, boolean, boolean]>([
    ['timeout', false, true],
    ['rate_limited', true, true],
    ['overloaded', true, true],
    ['server', true, true],
    ['auth', false, true],
    ['not_found', false, true],
    ['bad_request', false, true],
    ['network', false, true],
    ['aborted', false, false],
    ['unavailable', false, false],
    // A keyed provider that cannot load its SDK is broken; the next call tries the import again.
    ['sdk_load_failed', false, true],
    ['unhealthy', false, false],
    ['invalid_output', false, false],
    ['replay_miss', false, false],
    ['no_model', false, false],
  ])('%s: retryable=%s, counts against health=%s', (kind, retryable, counts) => {
    const error = llmError(kind, 'x')
    expect(isRetryable(error)).toBe(retryable)
    expect(countsAgainstHealth(error)).toBe(counts)
  })
})

describe('retryAfterFromHeaders', () => {
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '100', 'retry-after': '9' }, 100],
    [{ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }, undefined],
    [{ 'retry-after-ms': '-1' }, undefined],
    [{}, undefined],
  ])('reads %j as %s ms', (headers, expected) => {
    expect(retryAfterFromHeaders(new Headers(headers))).toBe(expected)
  })

  it('ignores values that are not headers', () => {
    expect(retryAfterFromHeaders(undefined)).toBeUndefined()
    expect(retryAfterFromHeaders({ 'retry-after': '1' })).toBeUndefined()
  })
})

describe('describeThrown', () => {
  it('uses an error message or the string form', () => {
    expect(describeThrown(new Error('boom'))).toBe('boom')
    expect(describeThrown('plain')).toBe('plain')
  })
})
