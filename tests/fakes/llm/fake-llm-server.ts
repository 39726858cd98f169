import type { z } from 'zod'
import { FakeHttpServer } from './fake-http-server'
import type { HttpExchange } from './fake-http-server'
import type { FakeLlmRequest, FakeProvider } from './fake-llm-request'
import { ReplyScript } from './reply-script'
import type { Responder } from './reply-script'
import { RequestLog, redactHeaders } from './request-log'
import type { LoggedRequest } from './request-log'
import type { ScriptedReply } from './scripted-reply'

/** 2025-01-01T00:00:00Z, the default time of every fake so answers are repeatable. */
export const FAKE_EPOCH_MS = 1_735_689_600_000

/** Options every fake server accepts. */
export interface FakeLlmServerOptions {
  /** The time source for `created` fields; defaults to a fixed instant ({@link FAKE_EPOCH_MS}). */
  readonly now?: () => number
}

/** The outcome of parsing a request body: the JSON value, or the reason it is not JSON. */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string }

/** Returns `path: message` for the first zod issue, e.g. `messages.0.content: Invalid input`. */
export const describeZodError = (error: z.ZodError): { path: string; message: string } => {
  const issue = error.issues[0]
  const path = (issue?.path ?? []).map(String).join('.')
  return { path, message: issue?.message ?? 'invalid request' }
}

/**
 * The part every fake LLM server shares: the HTTP lifecycle, the request log and the reply
 * script. Subclasses speak one provider's wire protocol in {@link FakeLlmServer.handle}.
 */
export abstract class FakeLlmServer {
  /** Every request received, for assertions. */
  readonly requests = new RequestLog()
  protected readonly script: ReplyScript
  protected readonly now: () => number
  private readonly http = new FakeHttpServer((exchange) => this.dispatch(exchange))
  private sequence = 0

  protected constructor(
    private readonly provider: FakeProvider,
    options: FakeLlmServerOptions,
    normalizeModel?: (model: string) => string,
  ) {
    this.now = options.now ?? (() => FAKE_EPOCH_MS)
    this.script = new ReplyScript(normalizeModel)
  }

  /** Starts listening on 127.0.0.1 and a random port; resolves with the base URL. */
  start(): Promise<{ url: string }> {
    return this.http.start()
  }

  /** Stops the server, cutting open connections and pending delays. */
  stop(): Promise<void> {
    return this.http.stop()
  }

  /** Returns the base URL (`http://127.0.0.1:<port>`); throws before `start()`. */
  get url(): string {
    return this.http.url
  }

  /** Queues replies for one model (`'*'` for any); each generation request consumes one. */
  enqueue(model: string, ...replies: ScriptedReply[]): void {
    this.script.enqueue(model, ...replies)
  }

  /** Sets the responder used when no queued reply applies; `undefined` restores the default. */
  setResponder(responder: Responder | undefined): void {
    this.script.setResponder(responder)
  }

  /** Returns how many queued replies remain for `model`. */
  pendingReplies(model: string): number {
    return this.script.pending(model)
  }

  /** Forgets queued replies, the responder and the request log. */
  reset(): void {
    this.script.reset()
    this.requests.clear()
  }

  /** Answers one request; `entry` is its log entry, to be completed with model and messages. */
  protected abstract handle(
    exchange: HttpExchange,
    entry: LoggedRequest,
    body: ParsedBody,
  ): Promise<void>

  /** Returns the next number of a per-server sequence, for deterministic ids. */
  protected nextSequence(): number {
    this.sequence += 1
    return this.sequence
  }

  /**
   * Decides the reply to `request` and waits out its delay. Returns undefined when the reply
   * is to hang or the client left while waiting; the exchange is then over.
   */
  protected async decide(
    exchange: HttpExchange,
    request: FakeLlmRequest,
  ): Promise<Exclude<ScriptedReply, { kind: 'hang' }> | undefined> {
    const decided = await this.script.next(request)
    if (decided.kind === 'hang') {
      await exchange.sleep(Number.POSITIVE_INFINITY)
      return undefined
    }
    const elapsed = await exchange.sleep(decided.delayMs ?? 0)
    return elapsed ? decided : undefined
  }

  /** Sends a scripted raw reply. */
  protected sendRaw(exchange: HttpExchange, raw: Extract<ScriptedReply, { kind: 'raw' }>): void {
    exchange.sendText(raw.status, raw.body, raw.contentType ?? 'text/plain', raw.headers)
  }

  private async dispatch(exchange: HttpExchange): Promise<void> {
    const body = parseBody(exchange.rawBody)
    const entry = this.requests.add({
      provider: this.provider,
      method: exchange.method,
      path: exchange.path,
      headers: redactHeaders(exchange.headers),
      body: body.ok ? body.value : exchange.rawBody,
    })
    try {
      await this.handle(exchange, entry, body)
    } finally {
      entry.status = exchange.sentStatus()
    }
  }
}

const parseBody = (raw: string): ParsedBody => {
  if (raw.trim() === '') return { ok: true, value: undefined }
  try {
    return { ok: true, value: JSON.parse(raw) as unknown }
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) }
  }
}
