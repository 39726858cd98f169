import {
  BadRequest,
  BadResponse,
  BadSymbol,
  DDoSProtection,
  ExchangeClosedByUser,
  ExchangeError,
  ExchangeNotAvailable,
  InvalidProxySettings,
  NetworkError,
  NotSupported,
  NullResponse,
  OnMaintenance,
  RateLimitExceeded,
  RequestTimeout,
} from 'ccxt'
import { describe, expect, it } from 'vitest'
import { MarketExchangeError } from '../../../../src-main/engine/market'
import { classifyCcxtError, toMarketExchangeError } from '../../../../src-main/engine/market/kraken'

describe('classifyCcxtError', () => {
  it.each([
    [new NetworkError('reset'), 'temporary'],
    [new RequestTimeout('slow'), 'temporary'],
    [new ExchangeNotAvailable('EService:Unavailable'), 'temporary'],
    [new OnMaintenance('post_only'), 'temporary'],
    [new DDoSProtection('EAPI:Rate limit exceeded'), 'temporary'],
    [new RateLimitExceeded('slow down'), 'temporary'],
    [new BadResponse('not json'), 'invalid-payload'],
    [new NullResponse('empty'), 'invalid-payload'],
    [new ExchangeClosedByUser('closed'), 'closed'],
    [new NotSupported('no ws'), 'unsupported'],
    [new InvalidProxySettings('proxy'), 'unsupported'],
    [new BadSymbol('EQuery:Unknown asset pair'), 'rejected'],
    [new BadRequest('EGeneral:Invalid arguments'), 'rejected'],
    [new ExchangeError('EGeneral:Unknown method'), 'rejected'],
    [new MarketExchangeError('invalid-payload', 'x'), 'invalid-payload'],
    [new TypeError('socket hang up'), 'temporary'],
  ])('%s → %s', (error, kind) => {
    expect(classifyCcxtError(error)).toBe(kind)
  })
})

describe('toMarketExchangeError', () => {
  it('names the call, the symbol and the error, and keeps the cause', () => {
    const cause = new ExchangeNotAvailable('kraken {"error":["EService:Unavailable"]}')
    const error = toMarketExchangeError(cause, { operation: 'fetchCandles', symbol: 'BTC/USDT' })
    expect(error).toBeInstanceOf(MarketExchangeError)
    expect(error.kind).toBe('temporary')
    expect(error.cause).toBe(cause)
    expect(error.message).toBe(
      'fetchCandles failed: kind=temporary symbol=BTC/USDT error=ExchangeNotAvailable message="kraken {\\"error\\":[\\"EService:Unavailable\\"]}"',
    )
  })

  it('passes a MarketExchangeError through and describes non-errors', () => {
    const own = new MarketExchangeError('rejected', 'unknown market')
    expect(toMarketExchangeError(own, { operation: 'x' })).toBe(own)
    expect(toMarketExchangeError('boom', { operation: 'close' }).message).toBe(
      'close failed: kind=temporary error=Error message="boom"',
    )
  })
})
