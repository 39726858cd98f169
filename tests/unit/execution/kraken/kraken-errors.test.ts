import {
  AccountSuspended,
  AuthenticationError,
  BadRequest,
  BadSymbol,
  DDoSProtection,
  ExchangeError,
  ExchangeNotAvailable,
  InsufficientFunds,
  InvalidNonce,
  InvalidOrder,
  NetworkError,
  NullResponse,
  OnMaintenance,
  OrderNotFound,
  PermissionDenied,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt'
import { describe, expect, it } from 'vitest'
import { mapCcxtError } from '../../../../src-main/engine/execution/kraken/kraken-errors'

describe('ccxt errors mapped by what to do', () => {
  it.each([
    [new RequestTimeout('t'), 'temporary', true],
    [new OnMaintenance('m'), 'temporary', false],
    [new ExchangeNotAvailable('kraken EService:Unavailable'), 'temporary', true],
    [new DDoSProtection('EAPI:Rate limit exceeded'), 'rate-limited', false],
    [new RateLimitExceeded('429'), 'rate-limited', false],
    [new InvalidNonce('EAPI:Invalid nonce'), 'temporary', false],
    [new NetworkError('socket hang up'), 'temporary', true],
    [new NullResponse('empty'), 'temporary', true],
    [new OrderNotFound('x'), 'not-found', false],
    [new InsufficientFunds('EOrder:Insufficient funds'), 'insufficient-funds', false],
    [new AuthenticationError('EAPI:Invalid key'), 'authentication', false],
    [new PermissionDenied('EGeneral:Permission denied'), 'authentication', false],
    [new AccountSuspended('ETrade:User Locked'), 'authentication', false],
    [new InvalidOrder('EOrder:Order minimum not met'), 'invalid-order', false],
    [new BadRequest('EGeneral:Invalid arguments'), 'invalid-order', false],
    [new BadSymbol('EQuery:Unknown asset pair'), 'invalid-order', false],
    [new ExchangeError('kraken {"error":["EAPI:Invalid signature"]}'), 'authentication', false],
    [
      new ExchangeError('kraken {"error":["EOrder:Insufficient margin"]}'),
      'insufficient-funds',
      false,
    ],
    [new ExchangeError('kraken {"error":["EOrder:Cost minimum not met"]}'), 'invalid-order', false],
    [
      new ExchangeError('kraken {"error":["EService:Throttled: 1700000000"]}'),
      'rate-limited',
      false,
    ],
    [new ExchangeError('kraken {"error":["EService:Deadline elapsed"]}'), 'temporary', false],
    [new ExchangeError('kraken {"error":["EGeneral:Unknown method"]}'), 'operational', false],
    [new TypeError('boom'), 'operational', false],
  ])('%s → %s (ambiguous=%s)', (error, kind, isAmbiguous) => {
    const mapped = mapCcxtError(error, { operation: 'fetchBalances' })
    expect(mapped).toMatchObject({ kind, isAmbiguous, cause: error })
    expect(mapped.message).toContain('operation=fetchBalances')
  })

  it('reads "invalid order" on a single-order query as not found', () => {
    for (const operation of ['fetchOrder', 'cancelOrder']) {
      expect(mapCcxtError(new InvalidOrder('EOrder:Invalid order'), { operation }).kind).toBe(
        'not-found',
      )
    }
    expect(
      mapCcxtError(new InvalidOrder('EOrder:Invalid order'), { operation: 'placeOrder' }).kind,
    ).toBe('invalid-order')
  })

  it('reads only "unknown order" on an amend as not found: its values may be invalid too', () => {
    const amend = { operation: 'amendOrder' }
    expect(
      mapCcxtError(new InvalidOrder('kraken {"error":["EOrder:Unknown order"]}'), amend),
    ).toMatchObject({
      kind: 'not-found',
    })
    expect(
      mapCcxtError(new InvalidOrder('kraken {"error":["EOrder:Order minimum not met"]}'), amend),
    ).toMatchObject({ kind: 'invalid-order' })
  })

  it('treats a failure outside ccxt during placement as ambiguous', () => {
    expect(
      mapCcxtError(new SyntaxError('Cannot convert l to a BigInt'), { operation: 'placeOrder' }),
    ).toMatchObject({
      kind: 'operational',
      isAmbiguous: true,
    })
  })

  it('names the Kraken error and shortens long details', () => {
    const mapped = mapCcxtError(new ExchangeError(`EService:Throttled ${'x'.repeat(400)}`), {})
    expect(mapped.message.startsWith('KRAKEN_THROTTLED: detail=')).toBe(true)
    expect(mapped.message.endsWith('…')).toBe(true)
  })
})
