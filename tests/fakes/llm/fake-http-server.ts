import { createServer } from 'node:http'
import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** Handles one HTTP exchange; the exchange is answered (or abandoned) when the promise settles. */
export type ExchangeHandler = (exchange: HttpExchange) => Promise<void>

/** A waiting `sleep` that `stop()` or a closed connection can cut short. */
interface PendingSleep {
  timer: ReturnType<typeof setTimeout> | undefined
  finish: (elapsed: boolean) => void
}

/**
 * One request and its response, with the helpers the fakes need: JSON and text replies,
 * chunked streams, and sleeps that end early when the client goes away.
 */
export class HttpExchange {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  /** Request headers, names lower-cased, repeated headers joined with ", ". */
  readonly headers: Record<string, string>
  private closed = false
  private readonly closeListeners: Array<() => void> = []

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    readonly rawBody: string,
    private readonly owner: FakeHttpServer,
  ) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    this.method = (req.method ?? 'GET').toUpperCase()
    this.path = url.pathname
    this.query = url.searchParams
    this.headers = {}
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue
      this.headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    // 'close' also fires after a normal end; only a close before the end means the client left.
    res.on('close', () => {
      if (res.writableEnded) return
      this.closed = true
      for (const listener of this.closeListeners.splice(0)) listener()
    })
  }

  /** Returns true once the client has closed the connection before the response ended. */
  isClientGone(): boolean {
    return this.closed || this.owner.isStopping()
  }

  /** Calls `listener` once if the client closes the connection before the response ends. */
  onClientGone(listener: () => void): void {
    if (this.closed) listener()
    else this.closeListeners.push(listener)
  }

  /**
   * Waits `ms` milliseconds (forever for `Infinity`). Resolves true when the time passed,
   * false when the client left or the server is stopping first.
   */
  sleep(ms: number): Promise<boolean> {
    if (this.isClientGone()) return Promise.resolve(false)
    if (ms <= 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const pending: PendingSleep = { timer: undefined, finish: () => undefined }
      pending.finish = (elapsed: boolean) => {
        if (pending.timer !== undefined) clearTimeout(pending.timer)
        this.owner.forgetSleep(pending)
        resolve(elapsed)
      }
      if (Number.isFinite(ms)) pending.timer = setTimeout(() => pending.finish(true), ms)
      this.owner.rememberSleep(pending)
      this.onClientGone(() => pending.finish(false))
    })
  }

  /** Answers with a JSON body. */
  sendJson(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
    this.sendText(status, JSON.stringify(body), 'application/json', headers)
  }

  /** Answers with a text body of the given content type (an empty body when `text` is ''). */
  sendText(
    status: number,
    text: string,
    contentType: string,
    headers: OutgoingHttpHeaders = {},
  ): void {
    if (this.isClientGone() || this.res.headersSent) return
    const body = Buffer.from(text, 'utf8')
    this.res.writeHead(status, {
      ...headers,
      'content-type': contentType,
      'content-length': body.length,
    })
    this.res.end(body)
  }

  /** Sends the status and headers of a streamed (chunked) response. */
  startStream(status: number, contentType: string, headers: OutgoingHttpHeaders = {}): void {
    if (this.isClientGone() || this.res.headersSent) return
    this.res.writeHead(status, { ...headers, 'content-type': contentType })
    this.res.flushHeaders()
  }

  /** Writes one chunk of a streamed response; returns false when the client has left. */
  write(chunk: string): boolean {
    if (this.isClientGone()) return false
    this.res.write(chunk)
    return true
  }

  /** Ends a streamed response. */
  end(): void {
    if (!this.isClientGone()) this.res.end()
  }

  /** Returns true once the response status has been sent. */
  hasStarted(): boolean {
    return this.res.headersSent
  }

  /** Returns the status sent, or undefined while the headers have not gone out. */
  sentStatus(): number | undefined {
    return this.res.headersSent ? this.res.statusCode : undefined
  }
}

/**
 * A bare HTTP server on 127.0.0.1 and a random port that hands every request, body read, to
 * one handler. `stop()` cuts open connections and pending sleeps so tests never hang.
 */
export class FakeHttpServer {
  private server: Server | undefined
  private baseUrl: string | undefined
  private stopping = false
  private readonly sleeps = new Set<PendingSleep>()

  constructor(private readonly handler: ExchangeHandler) {}

  /** Starts listening; resolves with the base URL, e.g. `http://127.0.0.1:40123`. */
  async start(): Promise<{ url: string }> {
    if (this.server) throw new Error(`fake server already started: url=${this.baseUrl}`)
    this.stopping = false
    const server = createServer((req, res) => void this.accept(req, res))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    const address = server.address() as AddressInfo
    this.server = server
    this.baseUrl = `http://127.0.0.1:${address.port}`
    return { url: this.baseUrl }
  }

  /** Stops listening, ends pending sleeps and closes every open connection. */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.stopping = true
    for (const pending of [...this.sleeps]) pending.finish(false)
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
    this.server = undefined
    this.baseUrl = undefined
  }

  /** Returns the base URL; throws when the server is not running. */
  get url(): string {
    if (this.baseUrl === undefined) throw new Error('fake server not started')
    return this.baseUrl
  }

  /** Returns true while `stop()` is shutting the server down. */
  isStopping(): boolean {
    return this.stopping
  }

  /** @internal Tracks a sleep so `stop()` can end it. */
  rememberSleep(pending: PendingSleep): void {
    this.sleeps.add(pending)
  }

  /** @internal Forgets a finished sleep. */
  forgetSleep(pending: PendingSleep): void {
    this.sleeps.delete(pending)
  }

  private async accept(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer)
    } catch {
      return // the client left while sending the body
    }
    const exchange = new HttpExchange(req, res, Buffer.concat(chunks).toString('utf8'), this)
    try {
      await this.handler(exchange)
    } catch (error) {
      // A bug in a fake must fail the test loudly rather than hang it.
      const message = error instanceof Error ? error.message : String(error)
      if (!exchange.hasStarted()) {
        exchange.sendText(500, `fake server error: ${message}`, 'text/plain')
      } else {
        exchange.end()
      }
    }
  }
}
