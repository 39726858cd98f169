import { mkdtempSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { createApiToken } from '../../../src-main/transport/http/api-token'
import { createHttpServer } from '../../../src-main/transport/http/http-server'
import type { EngineEvent } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import { aCoordinatorStatus, aPosition } from '../../helpers/contract-fixtures'
import { handlersWith } from '../../helpers/handler-doubles'

const listeners = new Set<(event: EngineEvent) => void>()
const events = {
  subscribe(listener: (event: EngineEvent) => void) {
    listeners.add(listener)
    return () => listeners.delete(listener)
  },
}

describe('headless HTTP server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tg-http-'))
  const rendererDir = mkdtempSync(join(tmpdir(), 'tg-ui-'))
  const { token, path: tokenPath } = createApiToken(dataDir)
  const auth = { authorization: `Bearer ${token}` }
  const handlers = handlersWith({
    'coordinator:status': async () => aCoordinatorStatus(),
    'positions:get': async ({ id }) => {
      if (id !== 'pos-1') throw new CommandError('NOT_FOUND', `position id=${id} not found`)
      return aPosition()
    },
    'positions:close': async ({ id, exitPrice }) => ({
      ...aPosition({ id, status: 'closed', exitPrice: exitPrice ?? '45500' }),
      closedSize: '0.05',
      remainingSize: '0',
    }),
    'positions:closePreview': async ({ id, size }) => ({
      id,
      closeSize: size ?? '0.05',
      remainingSize: '0',
      estimatedExitPrice: '45500',
      estimatedPnl: '12.00',
      estimatedFee: '5.90',
    }),
    'positions:list': async () => [aPosition()],
  })
  let app: FastifyInstance
  const port = () => (app.server.address() as { port: number }).port
  /**
   * Sends a request over a real socket, its path exactly as written: `app.inject` and fetch
   * normalise `..` and escapes away before the server sees them.
   */
  const raw = (method: string, path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        { host: '127.0.0.1', port: port(), method, path, headers, agent: false },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
          )
        },
      )
      request.on('error', reject)
      request.end()
    })
  /** Opens the event stream; resolves with the upgrade's status (101 when it opened). */
  const connect = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; socket: WebSocket }>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port()}${path}`, { headers })
      socket.on('unexpected-response', (_request, response) =>
        resolve({ status: response.statusCode ?? 0, socket }),
      )
      socket.on('open', () => resolve({ status: 101, socket }))
    })

  beforeAll(async () => {
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>TripleGain</title>')
    app = await createHttpServer({
      handlers,
      events,
      token,
      logger: silentLogger(),
      rendererDir,
      version: '0.1.0',
    })
    await app.listen({ host: '127.0.0.1', port: 0 })
  })

  afterAll(async () => {
    await app.close()
  })

  it('writes the token to the data folder readable only by its owner', () => {
    expect(readFileSync(tokenPath, 'utf8').trim()).toBe(token)
    expect(statSync(tokenPath).mode & 0o777).toBe(0o600)
  })

  it('answers with the token and refuses without it', async () => {
    const withToken = await app.inject({
      method: 'GET',
      url: '/api/v1/coordinator/status',
      headers: auth,
    })
    expect(withToken.statusCode).toBe(200)
    expect(withToken.json()).toEqual(aCoordinatorStatus())
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: token }]) {
      const refused = await app.inject({
        method: 'GET',
        url: '/api/v1/coordinator/status',
        headers,
      })
      expect(refused.statusCode).toBe(401)
      expect(refused.json()).toEqual({
        error: { code: 'FORBIDDEN', message: 'missing or invalid bearer token' },
      })
    }
  })

  it('refuses without the token a route written with percent-escapes', async () => {
    // The router decodes these to /api/v1/…: each still needs the token.
    for (const url of [
      '/%61pi/v1/coordinator/status',
      '/api/%761/coordinator/status',
      '/api/v1/coordinator/stat%75s',
    ]) {
      const refused = await app.inject({ method: 'GET', url })
      expect(refused.statusCode, url).toBe(401)
    }
    const withToken = await app.inject({
      method: 'GET',
      url: '/%61pi/v1/coordinator/status',
      headers: auth,
    })
    expect(withToken.statusCode).toBe(200)
  })

  it('refuses an event stream at a percent-escaped path without the token', async () => {
    const address = app.server.address() as { port: number }
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${address.port}/%61pi/v1/events`)
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.on('open', () => {
        socket.close()
        resolve(101)
      })
    })
    expect(status).toBe(401)
  })

  it('fills path parameters and passes the body', async () => {
    const closed = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close',
      headers: auth,
      payload: { exitPrice: '46000', reason: 'take_profit' },
    })
    expect(closed.statusCode).toBe(200)
    expect(closed.json()).toMatchObject({ id: 'pos-1', status: 'closed', exitPrice: '46000' })
  })

  it('passes the part of a position to close, and keeps a decimal in the query as written', async () => {
    const closed = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close',
      headers: auth,
      payload: { size: '0.02' },
    })
    expect(closed.statusCode).toBe(200)
    expect(handlers.calls.at(-1)?.input).toEqual({ id: 'pos-1', size: '0.02', reason: 'manual' })
    const preview = await app.inject({
      method: 'GET',
      url: '/api/v1/positions/pos-1/close-preview?size=0.00000001',
      headers: auth,
    })
    expect(preview.statusCode).toBe(200)
    expect(handlers.calls.at(-1)?.input).toEqual({ id: 'pos-1', size: '0.00000001' })
    expect(preview.json()).toMatchObject({ closeSize: '0.00000001' })
  })

  it('refuses a part that is not a positive amount, naming the field', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close',
      headers: auth,
      payload: { sizePct: '150' },
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.json()).toEqual({
      error: {
        code: 'BAD_REQUEST',
        message:
          'invalid input for positions:close: sizePct: expected a percentage of the open size above 0 and at most 100',
      },
    })
    const preview = await app.inject({
      method: 'GET',
      url: '/api/v1/positions/pos-1/close-preview?size=0',
      headers: auth,
    })
    expect(preview.json().error.message).toBe(
      'invalid input for positions:closePreview: size: expected a decimal number greater than zero',
    )
    const notANumber = await app.inject({
      method: 'GET',
      url: '/api/v1/positions/pos-1/close-preview?sizePct=abc',
      headers: auth,
    })
    expect([notANumber.statusCode, notANumber.json().error.message]).toEqual([
      400,
      'invalid input for positions:closePreview: sizePct: expected a decimal number written as a string, e.g. "123.45"',
    ])
  })

  it('accepts BTC_USDT in the query and coerces numbers', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/positions?symbol=BTC_USDT&limit=5',
      headers: auth,
    })
    expect(response.statusCode).toBe(200)
    expect(handlers.calls.at(-1)?.input).toEqual({ status: 'open', symbol: 'BTC/USDT', limit: 5 })
  })

  it.each([
    [
      'an invalid decimal',
      'POST',
      '/api/v1/positions/pos-1/close',
      { exitPrice: 'lots' },
      400,
      'BAD_REQUEST',
    ],
    ['an unknown field', 'POST', '/api/v1/coordinator/pause', { force: 1 }, 400, 'BAD_REQUEST'],
    ['a missing entity', 'GET', '/api/v1/positions/pos-9', undefined, 404, 'NOT_FOUND'],
    ['a command not set up', 'GET', '/api/v1/risk/status', undefined, 501, 'UNSUPPORTED'],
    ['an unknown route', 'GET', '/api/v1/nothing', undefined, 404, 'NOT_FOUND'],
  ] as const)(
    'answers %s with a generic error body',
    async (_label, method, url, payload, status, code) => {
      const response = await app.inject({
        method,
        url,
        headers: auth,
        ...(payload ? { payload } : {}),
      })
      expect(response.statusCode).toBe(status)
      expect(response.json().error.code).toBe(code)
      expect(response.body).not.toMatch(/at .*\.ts:\d+/)
    },
  )

  it('refuses malformed and non-object JSON bodies clearly', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/coordinator/pause',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"oops',
    })
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'request body is not valid JSON' },
    })
    const list = await app.inject({
      method: 'POST',
      url: '/api/v1/coordinator/pause',
      headers: auth,
      payload: [1, 2],
    })
    expect(list.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'request body must be a JSON object' },
    })
  })

  it('serves the OpenAPI description and the UI without a token', async () => {
    const spec = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(spec.statusCode).toBe(200)
    const paths = spec.json().paths as Record<string, Record<string, unknown>>
    expect(Object.keys(paths)).toContain('/api/v1/positions/{id}/close')
    expect(paths['/api/v1/coordinator/pause']).toHaveProperty('post')
    const close = paths['/api/v1/positions/{id}/close']?.post as {
      requestBody: { content: { 'application/json': { schema: { properties: object } } } }
    }
    const fields = close.requestBody.content['application/json'].schema.properties
    expect(fields).toMatchObject({
      size: { type: 'string', description: expect.stringContaining('Base-asset quantity') },
      sizePct: { type: 'string', description: expect.stringContaining('in percent') },
    })
    const page = await app.inject({ method: 'GET', url: '/' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<title>TripleGain</title>')
  })

  it('refuses a URL whose percent-escapes do not decode in the error shape, echoing nothing', async () => {
    for (const url of ['/api/v1/positions/%E0%A4%A', '/api/v1/%', '/%']) {
      const refused = await app.inject({ method: 'GET', url, headers: auth })
      expect(refused.statusCode, url).toBe(400)
      expect(refused.json(), url).toEqual({
        error: {
          code: 'BAD_REQUEST',
          message: 'the URL is not valid: a percent-escape in its path does not decode',
        },
      })
    }
  })

  it('refuses an id longer than the contract allows by its field, whatever its length', async () => {
    // Past the router's default of 100 characters, a GET went to the static files (a 403) and
    // a POST got fastify's own 414 body.
    for (const [method, url] of [
      ['GET', `/api/v1/positions/${'x'.repeat(101)}`],
      ['GET', `/api/v1/positions/${'x'.repeat(5000)}`],
      ['POST', `/api/v1/positions/${'x'.repeat(5000)}/close`],
    ] as const) {
      const refused = await app.inject({ method, url, headers: auth })
      expect(refused.statusCode, `${method} ${url.length}`).toBe(400)
      expect(refused.json().error.message).toMatch(
        /^invalid input for positions:(get|close): id: Too big: expected string to have <=100 characters$/,
      )
    }
  })

  it('answers every path under the API from the API, never from the UI files', async () => {
    for (const url of ['/api/v1//coordinator/status', '/api/v1/./coordinator/status']) {
      const refused = await raw('GET', url)
      expect([refused.status, JSON.parse(refused.body)], url).toEqual([
        401,
        { error: { code: 'FORBIDDEN', message: 'missing or invalid bearer token' } },
      ])
      const missing = await raw('GET', url, auth)
      expect([missing.status, JSON.parse(missing.body)], url).toEqual([
        404,
        { error: { code: 'NOT_FOUND', message: 'no such route' } },
      ])
    }
  })

  it('keeps the UI files inside their folder, saying so in the error shape', async () => {
    for (const path of [
      '/../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
      '/..%5c..%5cetc%5cpasswd',
      '/%252e%252e/etc/passwd',
      '/index.html%00.js',
    ]) {
      const refused = await raw('GET', path)
      expect([403, 404], path).toContain(refused.status)
      expect(refused.body, path).not.toMatch(/root:|<title>/)
      expect(JSON.parse(refused.body).error.code, path).toBe(
        refused.status === 403 ? 'FORBIDDEN' : 'NOT_FOUND',
      )
    }
    expect(JSON.parse((await raw('GET', '/../../etc/passwd')).body)).toEqual({
      error: { code: 'FORBIDDEN', message: 'path not allowed' },
    })
  })

  it('answers request headers too large in the error shape', async () => {
    const refused = await raw('GET', '/api/v1/coordinator/status', { 'x-big': 'x'.repeat(20_000) })
    expect([refused.status, JSON.parse(refused.body)]).toEqual([
      431,
      { error: { code: 'BAD_REQUEST', message: 'request headers (or the URL) too large' } },
    ])
  })

  it('refuses JSON sent as text/plain, which fetch sends for a string body, by its content type', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/coordinator/pause',
      headers: { ...auth, 'content-type': 'text/plain;charset=UTF-8' },
      payload: '{}',
    })
    expect([refused.statusCode, refused.json()]).toEqual([
      415,
      { error: { code: 'BAD_REQUEST', message: 'content type must be application/json' } },
    ])
  })

  it('refuses a field sent both in the path and in the body, instead of running on the path', async () => {
    const calls = handlers.calls.length
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close',
      headers: auth,
      payload: { id: 'pos-2' },
    })
    expect([refused.statusCode, refused.json()]).toEqual([
      400,
      {
        error: {
          code: 'BAD_REQUEST',
          message: 'id: sent in both the path and the body; send it once',
        },
      },
    ])
    const twice = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close?size=0.01',
      headers: auth,
      payload: { size: '0.02' },
    })
    expect(twice.json().error.message).toBe(
      'size: sent in both the query string and the body; send it once',
    )
    expect(handlers.calls.length).toBe(calls)
  })

  it('names a required field missing from an empty or absent body', async () => {
    for (const payload of [undefined, {}]) {
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/coordinator/kill-switch',
        headers: auth,
        ...(payload ? { payload } : {}),
      })
      expect(refused.json().error.message).toBe(
        'invalid input for coordinator:killSwitch: closePositions: closePositions must be true or false',
      )
    }
  })

  it('refuses a decimal of more digits than any market quotes before the engine sees it', async () => {
    const calls = handlers.calls.length
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/positions/pos-1/close',
      headers: auth,
      payload: { exitPrice: '9'.repeat(1002) },
    })
    expect([refused.statusCode, refused.json().error.message]).toEqual([
      400,
      'invalid input for positions:close: exitPrice: expected at most 15 digits before the decimal point and 18 after it',
    ])
    expect(handlers.calls.length).toBe(calls)
  })

  it('takes the event stream token as a bearer header too, and refuses a repeated or wrong one', async () => {
    const withHeader = await connect('/api/v1/events', auth)
    expect(withHeader.status).toBe(101)
    withHeader.socket.close()
    for (const path of [
      `/api/v1/events?token=${token}&token=${token}`,
      '/api/v1/events?token=',
      '/api/v1/events?token=wrong',
    ]) {
      expect((await connect(path)).status, path).toBe(401)
    }
    expect(
      (await connect(`/api/v1/events?token=${token}`, { authorization: 'Bearer wrong' })).status,
    ).toBe(401)
  })

  it('tells a plain GET of the event stream to upgrade, in the error shape', async () => {
    const plain = await app.inject({ method: 'GET', url: `/api/v1/events?token=${token}` })
    expect([plain.statusCode, plain.json()]).toEqual([
      426,
      {
        error: {
          code: 'BAD_REQUEST',
          message: 'the event stream is a WebSocket: connect with Upgrade: websocket',
        },
      },
    ])
  })

  it('closes an event stream whose client sends more than a stray frame, and keeps serving', async () => {
    const { socket } = await connect(`/api/v1/events?token=${token}`)
    socket.send('garbage')
    socket.send(Buffer.from([0, 255]))
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)))
    socket.send('x'.repeat(2_000_000))
    // 1009: message too big; it was buffered whole (up to 100 MiB) and dropped.
    expect(await closed).toBe(1009)
    const { status, socket: next } = await connect(`/api/v1/events?token=${token}`)
    expect(status).toBe(101)
    next.close()
  })

  it('cuts off an event stream whose client stopped reading instead of buffering for it', async () => {
    const earlier = new Set(listeners)
    const { socket } = await connect(`/api/v1/events?token=${token}`)
    const [ours] = [...listeners].filter((listener) => !earlier.has(listener))
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()))
    // The client reads nothing: what the host sends piles up in the kernel, then in the host.
    socket.pause()
    const big: EngineEvent = {
      type: 'market.tick',
      at: 1,
      symbol: 'XRP/USDT',
      price: '1'.repeat(15),
    }
    const chunk = JSON.stringify(big).length
    for (let sent = 0; sent < 64_000_000 / chunk && listeners.has(ours!); sent++) {
      ours!({ ...big, at: sent })
      if (sent % 1000 === 0) await new Promise((resolve) => setImmediate(resolve))
    }
    expect(listeners.has(ours!)).toBe(false)
    socket.resume()
    await closed
    const { status, socket: next } = await connect(`/api/v1/events?token=${token}`)
    expect(status).toBe(101)
    next.close()
  })

  it('streams events over a WebSocket that needs the token', async () => {
    const address = app.server.address() as { port: number }
    const url = `ws://127.0.0.1:${address.port}/api/v1/events`
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(url)
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
      socket.on('open', () => resolve(101))
    })
    expect(refused).toBe(401)

    const socket = new WebSocket(`${url}?token=${token}`)
    await new Promise((resolve) => socket.on('open', resolve))
    const received = new Promise<unknown>((resolve) =>
      socket.on('message', (data) => resolve(JSON.parse(String(data)))),
    )
    const tick: EngineEvent = { type: 'market.tick', at: 5, symbol: 'XRP/USDT', price: '0.61' }
    for (const listener of listeners) listener(tick)
    expect(await received).toEqual(tick)
    socket.close()
  })
})

describe('headless HTTP server without a built UI', () => {
  it('says how to build it', async () => {
    const app = await createHttpServer({
      handlers: handlersWith({}),
      events,
      token: 't'.repeat(64),
      logger: silentLogger(),
      rendererDir: join(tmpdir(), 'does-not-exist-tg'),
      version: '0',
    })
    const page = await app.inject({ method: 'GET', url: '/' })
    expect(page.statusCode).toBe(503)
    expect(page.body).toContain('npm run build')
    await app.close()
  })
})
