import { describe, expect, it } from 'vitest'
import {
  actionFor,
  asBrokerError,
  BrokerError,
  type BrokerErrorKind,
} from '../../../src-main/engine/execution/broker/broker-error'

describe('BrokerError', () => {
  it.each([
    ['temporary', 'retry', true],
    ['rate-limited', 'retry', true],
    ['invalid-order', 'reject', false],
    ['insufficient-funds', 'reject-and-alert', false],
    ['not-found', 'reconcile', false],
    ['authentication', 'halt', false],
    ['operational', 'stop', false],
  ] as const)('%s → %s (retryable=%s)', (kind: BrokerErrorKind, action, retryable) => {
    expect(actionFor(kind)).toBe(action)
    expect(new BrokerError(kind, 'X').isRetryable).toBe(retryable)
  })

  it('carries context as key=value, ambiguity and cause', () => {
    const cause = new Error('socket hang up')
    const error = new BrokerError('temporary', 'REQUEST_TIMEOUT', {
      isAmbiguous: true,
      context: { symbol: 'BTC/USDT', clientOrderId: 'c-1', skipped: undefined },
      cause,
    })
    expect(error.message).toBe('REQUEST_TIMEOUT: symbol=BTC/USDT clientOrderId=c-1')
    expect(error.isAmbiguous).toBe(true)
    expect(error.cause).toBe(cause)
    expect(new BrokerError('temporary', 'X').isAmbiguous).toBe(false)
  })

  it('wraps anything else as operational, keeping BrokerErrors as they are', () => {
    const original = new BrokerError('not-found', 'X')
    expect(asBrokerError(original)).toBe(original)
    const wrapped = asBrokerError(new TypeError('boom'))
    expect(wrapped.kind).toBe('operational')
    expect(wrapped.message).toBe('UNEXPECTED_BROKER_FAILURE: boom')
    expect(asBrokerError('text').message).toBe('UNEXPECTED_BROKER_FAILURE: text')
  })
})
