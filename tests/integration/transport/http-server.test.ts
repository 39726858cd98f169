import { mkdtempSync, statSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs'
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
