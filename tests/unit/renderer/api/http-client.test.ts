import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket, WebSocketServer } from 'ws'
import type { ConnectionState } from '../../../../src-renderer/src/api/connection'
import { EngineError } from '../../../../src-renderer/src/api/engine-error'
import type { SocketLike } from '../../../../src-renderer/src/api/event-socket'
import { defaultBackoff } from '../../../../src-renderer/src/api/event-socket'
import { eventsUrl, HttpEngineClient } from '../../../../src-renderer/src/api/http-client'
import { aCoordinatorStatus, aPosition, events } from '../../../helpers/renderer/builders'

/**
 * A protocol test of the renderer's HTTP/WebSocket client against a tiny server speaking
 * the headless host's protocol: REST under /api/v1 with a bearer token, `{error:{code,
 * message}}` on failure, and a WebSocket at /api/v1/events?token=… sending one event per
 * message.
 */
const TOKEN = 'secret-token'

interface Recorded {
  method: string
  url: string
  authorization: string | undefined
  contentType: string | undefined
  body: string
}

let server: Server
let sockets: WebSocketServer
let baseUrl: string
const requests: Recorded[] = []
let routes: Record<string, (request: Recorded) => { status: number; body: string }> = {}

function json(status: number, body: unknown) {
  return { status, body: JSON.stringify(body) }
}

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      const recorded: Recorded = {
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      }
      requests.push(recorded)
      if (recorded.authorization !== `Bearer ${TOKEN}`) {
        const answer = json(401, {
          error: { code: 'FORBIDDEN', message: 'missing or wrong bearer token' },
        })
        response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
        return
      }
      const route = routes[`${recorded.method} ${recorded.url}`]
      const answer = route
        ? route(recorded)
        : json(404, { error: { code: 'NOT_FOUND', message: `no route ${recorded.url}` } })
      response.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body)
    })
  })
  sockets = new WebSocketServer({ noServer: true })
  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname !== '/api/v1/events' || url.searchParams.get('token') !== TOKEN) {
      // A refused client may reset the connection before the answer is read; nobody else
      // listens to this raw socket, and an unheard error would fail the whole test run.
      socket.on('error', () => socket.destroy())
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    sockets.handleUpgrade(request, socket, head, (client) =>
      sockets.emit('connection', client, request),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterEach(() => {
  requests.length = 0
  routes = {}
  for (const client of sockets.clients) client.terminate()
})

afterAll(async () => {
  sockets.close()
  await new Promise((resolve) => server.close(resolve))
})

function client(token: string | null = TOKEN, backoff = () => 5) {
  return new HttpEngineClient({
    baseUrl,
    token,
    fetch: globalThis.fetch,
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
      now: () => Date.now(),
    },
    backoff,
  })
}

describe('HttpEngineClient commands', () => {
  it('sends a GET with the bearer token and query, and returns the parsed output', async () => {
    const positions = [aPosition()]
    routes['GET /api/v1/positions?status=open&limit=5'] = () => json(200, positions)
    await expect(client().invoke('positions:list', { status: 'open', limit: 5 })).resolves.toEqual(
      positions,
    )
    expect(requests[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, body: '' })
  })

  it('sends POST input as a JSON body (an empty object when nothing is left)', async () => {
    routes['POST /api/v1/coordinator/pause'] = () =>
      json(200, aCoordinatorStatus({ state: 'PAUSED' }))
    routes['POST /api/v1/coordinator/kill-switch'] = () =>
      json(200, {
        state: 'HALTED',
        cancelledOrders: 2,
        cancelledBatches: 0,
        closedPositions: 0,
        errors: [],
      })
    await client().invoke('coordinator:pause')
    await client().invoke('coordinator:killSwitch', { closePositions: false })
    expect(requests.map((request) => [request.contentType, request.body])).toEqual([
      ['application/json', '{}'],
      ['application/json', '{"closePositions":false}'],
    ])
  })

  it('fills path parameters, symbols in their underscore form', async () => {
    routes['GET /api/v1/market/XRP_USDT/snapshot'] = () =>
      json(404, { error: { code: 'NOT_FOUND', message: 'no data symbol=XRP/USDT' } })
    await expect(client().invoke('market:snapshot', { symbol: 'XRP/USDT' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    })
    expect(requests[0]?.url).toBe('/api/v1/market/XRP_USDT/snapshot')
  })

  it('turns an error body into a rejected EngineError with its code and message', async () => {
    routes['PATCH /api/v1/positions/pos-1'] = () =>
      json(400, {
        error: {
          code: 'BAD_REQUEST',
          message: 'stopLoss: expected a decimal number greater than zero',
        },
      })
    const error = await client()
      .invoke('positions:modify', { id: 'pos-1', stopLoss: '0' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EngineError)
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'stopLoss: expected a decimal number greater than zero',
    })
  })

  it('passes the host refusal of an unknown or missing token through as FORBIDDEN', async () => {
    await expect(client('wrong').invoke('system:info')).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'missing or wrong bearer token',
    })
    await client(null)
      .invoke('system:info')
      .catch(() => undefined)
    expect(requests.at(-1)?.authorization).toBeUndefined()
  })

  it.each([
    [502, 'UNAVAILABLE'],
    [404, 'NOT_FOUND'],
    [403, 'FORBIDDEN'],
    [422, 'BAD_REQUEST'],
  ])('maps HTTP %i without an error body to %s', async (status, code) => {
    routes['GET /api/v1/system/info'] = () => ({ status, body: '<html>proxy error</html>' })
    await expect(client().invoke('system:info')).rejects.toMatchObject({
      code,
      message: `the engine answered HTTP ${status} to GET /api/v1/system/info`,
    })
  })

  it('maps an unknown error code to INTERNAL but keeps the message', async () => {
    routes['GET /api/v1/system/info'] = () =>
      json(500, { error: { code: 'WEIRD', message: 'boom' } })
    await expect(client().invoke('system:info')).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'boom',
    })
  })

  it('rejects an answer that does not match the contract, naming the field', async () => {
    routes['GET /api/v1/coordinator/status'] = () =>
      json(200, { ...aCoordinatorStatus(), state: 'SLEEPING' })
    await expect(client().invoke('coordinator:status')).rejects.toMatchObject({
      code: 'INTERNAL',
      message: expect.stringContaining(
        'answer to coordinator:status does not match the contract: state:',
      ),
    })
  })

  it('rejects an empty 2xx body', async () => {
    routes['GET /api/v1/system/info'] = () => ({ status: 200, body: '' })
    await expect(client().invoke('system:info')).rejects.toMatchObject({ code: 'INTERNAL' })
  })

  it('reports an unreachable host as UNAVAILABLE', async () => {
    const offline = new HttpEngineClient({
      baseUrl: 'http://127.0.0.1:1',
      token: TOKEN,
      fetch: globalThis.fetch,
      createSocket: () => {
        throw new Error('unused')
      },
      timers: { setTimeout, clearTimeout: () => undefined, now: () => 0 },
    })
    await expect(offline.invoke('system:info')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('cannot reach the engine'),
    })
  })
})

describe('HttpEngineClient events', () => {
  it('builds the event URL from the origin with the token as a query parameter', () => {
    expect(eventsUrl('http://127.0.0.1:8765', 'a b')).toBe(
      'ws://127.0.0.1:8765/api/v1/events?token=a+b',
    )
    expect(eventsUrl('https://trader.example', null)).toBe('wss://trader.example/api/v1/events')
  })

  it('delivers each valid message as an event, drops invalid ones, and shows the connection', async () => {
    const api = client()
    const states: ConnectionState['status'][] = []
    api.onConnectionChange((state) => states.push(state.status))
    const received: unknown[] = []
    const stop = api.onEvent((event) => received.push(event))
    await vi.waitFor(() => expect(sockets.clients.size).toBe(1))
    await vi.waitFor(() => expect(api.getConnectionState().status).toBe('connected'))
    const [socket] = [...sockets.clients]
    socket?.send(JSON.stringify(events.tick('BTC/USDT', '1.5')))
    socket?.send('not json')
    socket?.send(JSON.stringify({ type: 'order.exploded', at: 1 }))
    socket?.send(JSON.stringify(events.equity()))
    await vi.waitFor(() => expect(received).toHaveLength(2))
    expect(received).toEqual([events.tick('BTC/USDT', '1.5'), events.equity()])
    expect(api.invalidEventMessages).toBe(2)
    stop()
    expect(states).toEqual(['connecting', 'connected', 'disconnected'])
    await vi.waitFor(() => expect(sockets.clients.size).toBe(0))
  })

  it('reconnects with backoff after the stream drops and keeps delivering', async () => {
    const backoff = vi.fn(() => 5)
    const api = client(TOKEN, backoff)
    const states: ConnectionState[] = []
    api.onConnectionChange((state) => states.push(state))
    const received: unknown[] = []
    const stop = api.onEvent((event) => received.push(event))
    await vi.waitFor(() => expect(api.getConnectionState().status).toBe('connected'))
    for (const socket of sockets.clients) socket.close(1011, 'host restarting')
    await vi.waitFor(() =>
      expect(states.some((state) => state.status === 'reconnecting')).toBe(true),
    )
    await vi.waitFor(() => expect(api.getConnectionState().status).toBe('connected'))
    const reconnecting = states.find((state) => state.status === 'reconnecting')
    expect(reconnecting).toMatchObject({ attempt: 1, lastError: '1011 host restarting' })
    expect(backoff).toHaveBeenCalledWith(1)
    expect(api.getConnectionState()).toMatchObject({ attempt: 0, lastError: null })
    for (const socket of sockets.clients) socket.send(JSON.stringify(events.notice('back')))
    await vi.waitFor(() => expect(received).toEqual([events.notice('back')]))
    stop()
  })

  it('keeps retrying, with growing attempts, while the host refuses the token', async () => {
    const api = client('wrong', () => 5)
    const stop = api.onEvent(() => undefined)
    await vi.waitFor(() => expect(api.getConnectionState().attempt).toBeGreaterThanOrEqual(2))
    expect(api.getConnectionState().status).toBe('reconnecting')
    stop()
    expect(api.getConnectionState().status).toBe('disconnected')
  })
})

describe('defaultBackoff', () => {
  it.each([
    [1, 500],
    [2, 1000],
    [3, 2000],
    [7, 30_000],
    [20, 30_000],
  ])('waits %i → %i ms', (attempt, ms) => {
    expect(defaultBackoff(attempt)).toBe(ms)
  })
})
