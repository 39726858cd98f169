import { describe, expect, it } from 'vitest'
import { COMMAND_NAMES, COMMANDS } from '../../../../src-shared/contract'
import type { CommandName } from '../../../../src-shared/contract'
import { planRequest, toQueryString } from '../../../../src-renderer/src/api/build-request'
import { EngineError } from '../../../../src-renderer/src/api/engine-error'

describe('planRequest', () => {
  it.each<[CommandName, unknown, string, string, Record<string, unknown> | null]>([
    ['system:info', undefined, 'GET', '/api/v1/system/info', null],
    ['coordinator:pause', {}, 'POST', '/api/v1/coordinator/pause', {}],
    [
      'coordinator:killSwitch',
      { closePositions: true },
      'POST',
      '/api/v1/coordinator/kill-switch',
      { closePositions: true },
    ],
    [
      'coordinator:runTask',
      { name: 'technical_analysis' },
      'POST',
      '/api/v1/coordinator/task/technical_analysis/run',
      {},
    ],
    [
      'positions:list',
      { status: 'open', limit: 50 },
      'GET',
      '/api/v1/positions?status=open&limit=50',
      null,
    ],
    [
      'positions:closePreview',
      { id: 'pos-1' },
      'GET',
      '/api/v1/positions/pos-1/close-preview',
      null,
    ],
    [
      'positions:close',
      { id: 'pos-1', reason: 'manual' },
      'POST',
      '/api/v1/positions/pos-1/close',
      { reason: 'manual' },
    ],
    [
      'positions:modify',
      { id: 'pos 1', stopLoss: null },
      'PATCH',
      '/api/v1/positions/pos%201',
      { stopLoss: null },
    ],
    [
      'market:candles',
      { symbol: 'BTC/USDT', timeframe: '1h', limit: 300 },
      'GET',
      '/api/v1/market/BTC_USDT/candles?timeframe=1h&limit=300',
      null,
    ],
    [
      'ollama:delete',
      { name: 'library/llama3:latest' },
      'DELETE',
      '/api/v1/ollama/models/library%2Fllama3%3Alatest',
      null,
    ],
    [
      'settings:setApiKey',
      { provider: 'openai', key: 'sk-12345678' },
      'PUT',
      '/api/v1/settings/api-keys/openai',
      { key: 'sk-12345678' },
    ],
    ['decisions:trace', { correlationId: 'corr-1' }, 'GET', '/api/v1/decisions/corr-1/trace', null],
  ])('%s → %s %s', (name, input, method, url, body) => {
    expect(planRequest(name, input)).toEqual({ method, url, body })
  })

  it('drops undefined fields from bodies and queries', () => {
    expect(
      planRequest('positions:modify', { id: 'p', stopLoss: '1', takeProfit: undefined }).body,
    ).toEqual({ stopLoss: '1' })
    expect(planRequest('orders:list', { status: 'all', symbol: undefined }).url).toBe(
      '/api/v1/orders?status=all',
    )
  })

  it('refuses a missing path parameter with BAD_REQUEST naming the field', () => {
    const run = () => planRequest('orders:cancel', {})
    expect(run).toThrow(EngineError)
    expect(run).toThrow('missing path parameter command=orders:cancel field=id')
  })

  it('refuses input that is not an object', () => {
    expect(() => planRequest('orders:cancel', 'ord-1')).toThrow('command input must be an object')
  })

  it('fills every route of the contract from an input carrying its parameters', () => {
    for (const name of COMMAND_NAMES) {
      const keys = [...COMMANDS[name].http.path.matchAll(/:(\w+)/g)].map(
        (match) => match[1] as string,
      )
      const input = Object.fromEntries(keys.map((key) => [key, 'x']))
      expect(planRequest(name, input).url).not.toContain(':')
    }
  })
})

describe('toQueryString', () => {
  it('encodes values and sends objects as JSON', () => {
    expect(toQueryString({ a: 'b c', n: 1, f: false, o: { x: 1 }, u: undefined })).toBe(
      'a=b+c&n=1&f=false&o=%7B%22x%22%3A1%7D',
    )
  })
})
