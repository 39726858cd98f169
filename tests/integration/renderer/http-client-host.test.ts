import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { CommandHandlers } from '../../../src-main/transport/command-handlers'
import { createHttpServer } from '../../../src-main/transport/http/http-server'
import { COMMAND_NAMES } from '../../../src-shared/contract'
import type { CommandName, EngineEvent } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import { EngineError } from '../../../src-renderer/src/api/engine-error'
import type { SocketLike } from '../../../src-renderer/src/api/event-socket'
import { HttpEngineClient } from '../../../src-renderer/src/api/http-client'
import { events as eventOf } from '../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../helpers/renderer/in-memory-engine-api'

/**
 * The renderer's HTTP/WebSocket client against the lead's real headless transport
 * (createHttpServer) with handlers answering from the renderer fixtures: proves both sides
 * speak the same protocol (routes, query coercion, bodies, errors, token, event stream).
 */
const TOKEN = 'integration-token'
const engine = new InMemoryEngineApi()
const seen: { name: CommandName; input: unknown }[] = []
const listeners = new Set<(event: EngineEvent) => void>()
let app: FastifyInstance
let baseUrl: string

function handlersFromEngine(): CommandHandlers {
  return Object.fromEntries(
    COMMAND_NAMES.map((name) => [
      name,
      async (input: unknown) => {
        seen.push({ name, input })
        try {
          return await engine.invoke(name, input as never)
        } catch (error) {
          if (error instanceof EngineError) throw new CommandError(error.code, error.message)
          throw error
        }
      },
    ]),
  ) as unknown as CommandHandlers
}

function client(token = TOKEN) {
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
    backoff: () => 10,
  })
}

beforeAll(async () => {
  app = await createHttpServer({
    handlers: handlersFromEngine(),
    events: {
      subscribe(listener) {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    },
    token: TOKEN,
    logger: silentLogger(),
    rendererDir: '/nonexistent-renderer-dir',
    version: '0.1.0',
  })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const address = app.server.address()
  if (!address || typeof address === 'string') throw new Error('no address')
  baseUrl = `http://127.0.0.1:${address.port}`
})

afterAll(async () => {
  await app.close()
})

describe('renderer client against the headless transport', () => {
  it('round-trips GET commands with numbers in the query string', async () => {
    const candles = await client().invoke('market:candles', {
      symbol: 'XRP/USDT',
      timeframe: '4h',
      limit: 25,
    })
    expect(candles.candles).toHaveLength(25)
    expect(seen.at(-1)).toEqual({
      name: 'market:candles',
      input: { symbol: 'XRP/USDT', timeframe: '4h', limit: 25 },
    })
    const positions = await client().invoke('positions:list', { status: 'closed', limit: 10 })
    expect(positions[0]?.status).toBe('closed')
  })

  it('round-trips POST, PATCH, PUT and DELETE commands with path parameters and bodies', async () => {
    await client().invoke('coordinator:killSwitch', { closePositions: true })
    expect(seen.at(-1)?.input).toEqual({ closePositions: true })
    await client().invoke('coordinator:pause')
    await client().invoke('positions:modify', { id: 'pos-1', stopLoss: '64000', takeProfit: null })
    expect(seen.at(-1)?.input).toEqual({ id: 'pos-1', stopLoss: '64000', takeProfit: null })
    await client().invoke('ollama:delete', { name: 'library/llama3:latest' })
    expect(seen.at(-1)?.input).toEqual({ name: 'library/llama3:latest' })
    await client().invoke('decisions:trace', { correlationId: 'corr-9' })
    expect(seen.at(-1)?.input).toEqual({ correlationId: 'corr-9' })
  })

  it('round-trips part of a position to close, decimals in the query string kept as text', async () => {
    const preview = await client().invoke('positions:closePreview', { id: 'pos-1', sizePct: '25' })
    expect(seen.at(-1)).toEqual({
      name: 'positions:closePreview',
      input: { id: 'pos-1', sizePct: '25' },
    })
    expect(preview).toMatchObject({ closeSize: '0.0125', remainingSize: '0.0375' })
    const closed = await client().invoke('positions:close', {
      id: 'pos-1',
      size: '0.00000001',
      reason: 'manual',
    })
    expect(seen.at(-1)?.input).toEqual({ id: 'pos-1', size: '0.00000001', reason: 'manual' })
    expect(closed).toMatchObject({ status: 'open', closedSize: '0.00000001' })
  })

  it('passes engine refusals through with their code and message', async () => {
    await expect(
      client().invoke('settings:setApiKey', { provider: 'openai', key: 'sk-12345678' }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      message: expect.stringContaining('desktop app'),
    })
  })

  it('reports input the host rejects as BAD_REQUEST with the field and rule', async () => {
    const error = await client()
      .invoke('positions:modify', { id: 'pos-1', stopLoss: 'abc' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EngineError)
    expect(error).toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('stopLoss: expected a decimal number'),
    })
  })

  it('is refused without the right token', async () => {
    await expect(client('wrong').invoke('system:info')).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('receives pushed events over the WebSocket with the token in the URL', async () => {
    const api = client()
    const received: EngineEvent[] = []
    const stop = api.onEvent((event) => received.push(event))
    await vi.waitFor(() => expect(api.getConnectionState().status).toBe('connected'))
    await vi.waitFor(() => expect(listeners.size).toBe(1))
    for (const listener of listeners) listener(eventOf.orderFilled())
    await vi.waitFor(() => expect(received).toEqual([eventOf.orderFilled()]))
    stop()
    await vi.waitFor(() => expect(listeners.size).toBe(0))
  })

  it('does not connect the event stream with a wrong token', async () => {
    const api = client('wrong')
    const stop = api.onEvent(() => undefined)
    await vi.waitFor(() => expect(api.getConnectionState().attempt).toBeGreaterThanOrEqual(1))
    expect(api.getConnectionState().status).toBe('reconnecting')
    stop()
  })
})
