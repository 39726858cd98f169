import * as AnthropicSdk from '@anthropic-ai/sdk'
import * as OpenAiSdk from 'openai'
import { describe, expect, it } from 'vitest'
import { mapAnthropicError } from '../../../src-main/engine/llm/providers/anthropic-provider'
import { mapOllamaError } from '../../../src-main/engine/llm/providers/ollama-client'
import { mapOpenAiError } from '../../../src-main/engine/llm/providers/openai-compatible-provider'

/*
 * The statuses are covered against the fake servers; these are the errors a server cannot
 * easily provoke: aborts, errors inside streams, and things that are not SDK errors at all.
 */

describe('mapOpenAiError', () => {
  it.each([
    ['a user abort', new OpenAiSdk.APIUserAbortError(), 'aborted'],
    ['an SDK timeout', new OpenAiSdk.APIConnectionTimeoutError(), 'timeout'],
    [
      'a connection error',
      new OpenAiSdk.APIConnectionError({ cause: new Error('ECONNRESET') }),
      'network',
    ],
    [
      'a stream error event',
      new OpenAiSdk.APIError(undefined, { message: 'boom' }, 'boom', undefined),
      'server',
    ],
    ['anything else', new TypeError('weird'), 'server'],
  ])('maps %s', (_label, error, kind) => {
    expect(mapOpenAiError(error).kind).toBe(kind)
  })

  it('keeps the cause of a connection error', () => {
    expect(
      mapOpenAiError(new OpenAiSdk.APIConnectionError({ cause: new Error('ECONNRESET') })).message,
    ).toBe('connection failed: ECONNRESET')
  })
})

describe('mapAnthropicError', () => {
  it.each([
    ['a user abort', new AnthropicSdk.APIUserAbortError(), 'aborted'],
    ['an SDK timeout', new AnthropicSdk.APIConnectionTimeoutError(), 'timeout'],
    ['a connection error', new AnthropicSdk.APIConnectionError({ message: 'refused' }), 'network'],
    [
      'an overloaded event inside a stream',
      new AnthropicSdk.APIError(
        undefined,
        { type: 'error', error: { type: 'overloaded_error' } },
        'Overloaded',
        undefined,
        'overloaded_error',
      ),
      'overloaded',
    ],
    [
      'another stream error',
      new AnthropicSdk.APIError(undefined, undefined, 'boom', undefined),
      'server',
    ],
    ['anything else', 'a string', 'server'],
  ])('maps %s', (_label, error, kind) => {
    expect(mapAnthropicError(error).kind).toBe(kind)
  })
})

describe('mapOllamaError', () => {
  const responseError = (message: string, status: number) =>
    Object.assign(new Error(message), { name: 'ResponseError', status_code: status })

  it.each([
    ['an abort', new DOMException('aborted', 'AbortError'), 'aborted'],
    ['a 404', responseError("model 'x' not found", 404), 'not_found'],
    ['a 503', responseError('server busy', 503), 'overloaded'],
    ['a failed fetch', new TypeError('fetch failed'), 'network'],
    ['an error line in a stream', new Error('pull model manifest: file does not exist'), 'server'],
  ])('maps %s', (_label, error, kind) => {
    expect(mapOllamaError(error).kind).toBe(kind)
  })
})
