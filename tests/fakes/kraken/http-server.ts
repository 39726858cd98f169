import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Clock } from '../../../src-main/engine/clock'
import type { SignedRequest } from './authenticator'
import type { FaultInjector, RequestFaults } from './fault-injector'
import { KrakenError, KrakenErrorText, invalidArgument } from './kraken-errors'
import type { RequestLog, RequestLogEntry } from './request-log'
import { type RequestParams, parseFormParams, parseJsonParams } from './request-params'
import type { Api, KrakenRouter, RoutedCall } from './router'

/** Where a started simulator listens. */
export interface ListeningAddress {
  /** Base URL to give ccxt as `urls.api.public` and `urls.api.private`. */
  readonly url: string
  readonly port: number
}

const PATH_PATTERN = /^\/0\/(public|private)\/([A-Za-z]+)$/
const MAX_BODY_BYTES = 1_000_000

/**
 * The HTTP side of the simulator: listens on 127.0.0.1, decodes Kraken requests (query
 * strings, form bodies, JSON bodies), applies armed faults, hands calls to the router and
 * answers with Kraken's `{"error":[...],"result":...}` envelope, always as HTTP 200 like
 * Kraken, except where a fault says otherwise. No exception ever reaches the client:
 * unexpected ones are answered as `EGeneral:Internal error` and kept in the request log.
 *
 * Delays use real timers, not the injected clock: they exist to make real HTTP clients
 * time out.
 */
export class KrakenHttpServer {
  private server: Server | undefined
  private readonly delays = new Set<ReturnType<typeof globalThis.setTimeout>>()

  constructor(
    private readonly deps: {
      readonly router: KrakenRouter
      readonly faults: FaultInjector
      readonly log: RequestLog
      readonly clock: Clock
    },
  ) {}

  /** Starts listening on a free port of 127.0.0.1. */
  async start(): Promise<ListeningAddress> {
    if (this.server) throw new Error('simulator server is already started')
    const server = createServer((request, response) => {
      // onRequest answers every failure itself; this only guards against a broken socket.
      this.onRequest(request, response).catch(() => request.socket.destroy())
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const { port } = server.address() as AddressInfo
    return { url: `http://127.0.0.1:${port}`, port }
  }

  /** Stops listening and drops every open connection and pending delayed request. */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    for (const timer of this.delays) globalThis.clearTimeout(timer)
    this.delays.clear()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const match = PATH_PATTERN.exec(url.pathname)
    const api: Api | undefined =
      match?.[1] === 'public' || match?.[1] === 'private' ? match[1] : undefined
    const method = match?.[2] ?? url.pathname
    let rawBody: string
    try {
      rawBody = await readBody(request)
    } catch {
      request.socket.destroy()
      return
    }
    const decoded = decodeParams(api, url, rawBody, request.headers['content-type'])
    const entry = this.deps.log.add({
      at: this.deps.clock.now(),
      httpMethod: request.method ?? 'GET',
      path: url.pathname,
      api: api ?? 'unknown',
      method,
      params: decoded.params,
    })
    if (!api || !this.deps.router.has(api, method)) {
      this.sendEnvelope(response, entry, 404, { error: [KrakenErrorText.unknownMethod] })
      return
    }
    const faults = this.deps.faults.take(method)
    if (faults.delayMs !== undefined && !(await this.wait(faults.delayMs))) return
    if (faults.reply) {
      entry.outcome = 'fault-reply'
      if ('status' in faults.reply) this.sendHttpFailure(response, entry, faults.reply.status)
      else this.sendEnvelope(response, entry, 200, { error: [faults.reply.error] })
      return
    }
    const call: RoutedCall = {
      api,
      method,
      params: decoded.params,
      ...(api === 'private'
        ? { signed: signedRequest(request, url, rawBody, decoded.params) }
        : {}),
    }
    const body = decoded.error ? { error: decoded.error.errors } : this.dispatch(call, entry)
    this.answer(response, entry, body, faults)
  }

  /** Routes a call and wraps the outcome in Kraken's envelope; never throws. */
  private dispatch(call: RoutedCall, entry: RequestLogEntry): Record<string, unknown> {
    try {
      return { error: [], result: this.deps.router.route(call) }
    } catch (error) {
      if (error instanceof KrakenError) return { error: [...error.errors] }
      entry.failure = error instanceof Error ? error.message : String(error)
      return { error: [KrakenErrorText.internalError] }
    }
  }

  private answer(
    response: ServerResponse,
    entry: RequestLogEntry,
    body: Record<string, unknown>,
    faults: RequestFaults,
  ): void {
    const lost = faults.lostResponse
    if (!lost) {
      this.sendEnvelope(response, entry, 200, body)
      return
    }
    // The request took effect; only its answer goes missing.
    entry.errors = Array.isArray(body.error) ? body.error.map(String) : []
    entry.outcome = 'lost-response'
    if (lost.mode === 'destroy-connection') {
      response.socket?.destroy()
      return
    }
    entry.status = lost.status
    response.writeHead(lost.status, { 'content-type': 'text/html' })
    response.end(`<html><body><h1>${lost.status}</h1></body></html>`)
  }

  private sendEnvelope(
    response: ServerResponse,
    entry: RequestLogEntry,
    status: number,
    body: Record<string, unknown>,
  ): void {
    entry.status = status
    entry.errors = Array.isArray(body.error) ? body.error.map(String) : []
    if (entry.outcome === 'aborted') entry.outcome = 'answered'
    response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
    response.end(JSON.stringify(body))
  }

  /** Answers like a proxy in front of Kraken would: an HTML page, not Kraken's envelope. */
  private sendHttpFailure(response: ServerResponse, entry: RequestLogEntry, status: number): void {
    entry.status = status
    response.writeHead(status, { 'content-type': 'text/html' })
    response.end(`<html><body><h1>${status}</h1></body></html>`)
  }

  /** Waits `ms`; false when the server stopped meanwhile. */
  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = globalThis.setTimeout(() => {
        this.delays.delete(timer)
        resolve(this.server !== undefined)
      }, ms)
      this.delays.add(timer)
    })
  }
}

function decodeParams(
  api: Api | undefined,
  url: URL,
  rawBody: string,
  contentType: string | undefined,
): { params: RequestParams; error?: KrakenError } {
  try {
    if (api !== 'private') {
      return { params: { ...parseFormParams(url.search), ...parseFormParams(rawBody) } }
    }
    const isJson = contentType?.toLowerCase().includes('application/json') ?? false
    return { params: isJson ? parseJsonParams(rawBody) : parseFormParams(rawBody) }
  } catch (error) {
    return {
      params: {},
      error: error instanceof KrakenError ? error : KrakenError.of(invalidArgument()),
    }
  }
}

/** Collects what the authenticator checks: API-Key, API-Sign, the URI path, nonce and raw body. */
function signedRequest(
  request: IncomingMessage,
  url: URL,
  rawBody: string,
  params: RequestParams,
): SignedRequest {
  const nonce = params.nonce
  return {
    apiKey: headerText(request.headers['api-key']),
    signature: headerText(request.headers['api-sign']),
    path: url.pathname,
    nonce: typeof nonce === 'string' ? nonce : undefined,
    rawBody,
  }
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new Error(`request body too large: bytes=${size}`))
        request.destroy()
        return
      }
      chunks.push(chunk)
    })
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    request.on('error', reject)
  })
}
