import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { COMMAND_NAMES, COMMANDS } from '../../../src-shared/contract'
import type { Logger } from '../../engine/logging/logger'
import type { CommandHandlers, EngineEventStream } from '../command-handlers'
import { dispatchCommand } from '../dispatch-command'
import { bearerToken, isValidToken } from './api-token'
import {
  clientErrorResponse,
  frameworkErrorReply,
  STATUS_BY_CODE,
  type FrameworkError,
} from './http-errors'
import { httpInput, textFieldsOf } from './http-input'
import { SCHEMALESS_COMPILERS } from './schemaless-compilers'
import { openApiDocument } from './openapi'

const EVENTS_ROUTE = '/api/v1/events'

/**
 * The longest path parameter the router passes on (Node's default limit on the request
 * headers, the URL among them): ids are refused by the contract's schemas, naming the field,
 * not cut off by the router (its default of 100 sent a longer id's GET to the static files).
 */
const MAX_PARAM_LENGTH = 16 * 1024

/**
 * The largest WebSocket message a client may send: the event stream only speaks, so anything
 * bigger than a stray frame closes the connection (1009) instead of being buffered.
 */
const MAX_CLIENT_MESSAGE_BYTES = 4 * 1024

/**
 * The most event-stream data a client may leave unread: one that stopped reading (a suspended
 * laptop, a stuck tab) is cut off instead of the host buffering every event for it without end.
 * A reading client keeps far below it; the UI reconnects and reloads what it shows.
 */
const MAX_UNREAD_BYTES = 1024 * 1024

export interface HttpServerOptions {
  handlers: CommandHandlers
  events: EngineEventStream
  token: string
  logger: Logger
  /** The built renderer (out/renderer), served at `/`. */
  rendererDir: string
  version: string
}

/**
 * The headless host's HTTP face: the contract's REST routes under /api/v1 behind a bearer
 * token, a WebSocket event stream at /api/v1/events, the OpenAPI description, and the built
 * UI at `/`. Error bodies are `{error: {code, message}}` and never carry a stack.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { handlers, events, token, logger } = options
  const refuse = (error: FrameworkError, reply: FastifyReply) => {
    const { status, error: body } = frameworkErrorReply(error)
    if (status === 500) logger.error({ err: error }, 'http request failed')
    void reply.status(status).send({ error: body })
  }
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    schemaController: { compilersFactory: SCHEMALESS_COMPILERS },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // What the router refuses before any route or hook runs: a percent-escape that does not decode.
    frameworkErrors: (error, _request, reply) => refuse(error, reply),
    clientErrorHandler: (error: Error & { code?: string }, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return
      if (socket.writable) socket.write(clientErrorResponse(error))
      socket.destroy(error)
    },
  })
  // JSON only: fastify's text/plain parser handed `{"a":1}` sent as text (fetch's default for a
  // string body) to the handler as a string, refused as "not a JSON object".
  app.removeContentTypeParser('text/plain')
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_CLIENT_MESSAGE_BYTES } })

  app.setErrorHandler((error: FrameworkError, _request, reply) => refuse(error, reply))
  const notFound = (_request: FastifyRequest, reply: FastifyReply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such route' } })
  }
  app.setNotFoundHandler(notFound)

  app.addHook('onRequest', async (request, reply) => {
    // The matched route decides, not the raw URL alone: the router decodes `/%61pi/v1/…` to
    // `/api/v1/…`, so a check on the raw text let such a request through without the token.
    const rawPath = request.url.split('?')[0] ?? ''
    const route = request.routeOptions.url ?? rawPath
    const isApi = route.startsWith('/api/v1/') || rawPath.startsWith('/api/v1/')
    if (!isApi || route === '/api/v1/openapi.json') return
    // A browser cannot set headers on a WebSocket: the event stream also takes `?token=`.
    const fromHeader = bearerToken(request.headers.authorization)
    const presented =
      route === EVENTS_ROUTE ? (fromHeader ?? queryToken(request.query)) : fromHeader
    if (!isValidToken(token, presented)) {
      await reply
        .status(401)
        .send({ error: { code: 'FORBIDDEN', message: 'missing or invalid bearer token' } })
    }
  })

  app.get('/api/v1/openapi.json', async () => openApiDocument(options.version))

  app.route({
    method: 'GET',
    url: EVENTS_ROUTE,
    // A plain GET (no upgrade) is told what this route is instead of an empty 404.
    handler: async (_request, reply) =>
      reply
        .status(426)
        .header('upgrade', 'websocket')
        .send({
          error: {
            code: 'BAD_REQUEST',
            message: 'the event stream is a WebSocket: connect with Upgrade: websocket',
          },
        }),
    wsHandler: (socket) => {
      const unsubscribe = events.subscribe((event) => {
        if (socket.readyState !== socket.OPEN) return
        if (socket.bufferedAmount > MAX_UNREAD_BYTES) {
          unsubscribe()
          logger.warn(
            { unreadBytes: socket.bufferedAmount },
            'event stream client stopped reading; disconnected',
          )
          socket.terminate()
          return
        }
        socket.send(JSON.stringify(event))
      })
      socket.on('close', unsubscribe)
      socket.on('error', unsubscribe)
    },
  })

  for (const name of COMMAND_NAMES) {
    const { method, path } = COMMANDS[name].http
    const textFields = textFieldsOf(COMMANDS[name].input)
    app.route({
      method,
      url: `/api/v1${path}`,
      handler: async (request, reply) => {
        const built = httpInput(
          request.params as Record<string, string>,
          request.query as Record<string, unknown>,
          request.body,
          textFields,
        )
        if ('error' in built)
          return reply.status(400).send({ error: { code: 'BAD_REQUEST', message: built.error } })
        const result = await dispatchCommand(handlers, name, built.input, logger)
        if (result.ok) return reply.send(result.value)
        return reply.status(STATUS_BY_CODE[result.error.code]).send({ error: result.error })
      },
    })
  }

  // Every other path under the API is answered by the API (after the token check), never by
  // the static files: `/api/v1//system/info` was a static 403.
  app.all('/api/v1/*', notFound)

  if (existsSync(options.rendererDir)) {
    await app.register(fastifyStatic, {
      root: options.rendererDir,
      prefix: '/',
      index: ['index.html'],
    })
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain')
        .send('The UI is not built yet: run `npm run build`, then restart.'),
    )
  }
  return app
}

/** The `token` query parameter when given once as text (a repeated one is an array). */
function queryToken(query: unknown): string | null {
  const token = (query as { token?: unknown } | undefined)?.token
  return typeof token === 'string' ? token : null
}
