import { existsSync } from 'node:fs'
import fastifyStatic from '@fastify/static'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { type FastifyInstance } from 'fastify'
import { COMMAND_NAMES, COMMANDS } from '../../../src-shared/contract'
import type { ErrorCode } from '../../../src-shared/result'
import type { Logger } from '../../engine/logging/logger'
import type { CommandHandlers, EngineEventStream } from '../command-handlers'
import { dispatchCommand } from '../dispatch-command'
import { bearerToken, isValidToken } from './api-token'
import { httpInput, textFieldsOf } from './http-input'
import { SCHEMALESS_COMPILERS } from './schemaless-compilers'
import { openApiDocument } from './openapi'

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNSUPPORTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
}

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
  const app = Fastify({
    logger: false,
    bodyLimit: 64 * 1024,
    schemaController: { compilersFactory: SCHEMALESS_COMPILERS },
  })
  await app.register(fastifyWebsocket)

  app.setErrorHandler(
    (error: { statusCode?: number; code?: string; message?: string }, _request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500
          ? error.statusCode
          : 500
      const message =
        status === 500
          ? 'internal error'
          : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
              error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
            ? 'request body is not valid JSON'
            : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
              ? 'request body too large'
              : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
                ? 'content type must be application/json'
                : 'bad request'
      if (status === 500) logger.error({ err: error }, 'http request failed')
      void reply
        .status(status)
        .send({ error: { code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST', message } })
    },
  )
  app.setNotFoundHandler((_request, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: 'no such route' } })
  })

  app.addHook('onRequest', async (request, reply) => {
    // The matched route decides, not the raw URL alone: the router decodes `/%61pi/v1/…` to
    // `/api/v1/…`, so a check on the raw text let such a request through without the token.
    const rawPath = request.url.split('?')[0] ?? ''
    const route = request.routeOptions.url ?? rawPath
    const isApi = route.startsWith('/api/v1/') || rawPath.startsWith('/api/v1/')
    if (!isApi || route === '/api/v1/openapi.json') return
    const presented =
      route === '/api/v1/events'
        ? (request.query as { token?: string }).token
        : bearerToken(request.headers.authorization)
    if (!isValidToken(token, presented)) {
      await reply
        .status(401)
        .send({ error: { code: 'FORBIDDEN', message: 'missing or invalid bearer token' } })
    }
  })

  app.get('/api/v1/openapi.json', async () => openApiDocument(options.version))

  app.get('/api/v1/events', { websocket: true }, (socket) => {
    const unsubscribe = events.subscribe((event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event))
    })
    socket.on('close', unsubscribe)
    socket.on('error', unsubscribe)
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
