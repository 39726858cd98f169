import { COMMANDS } from '../../../src-shared/contract'
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  EngineEvent,
} from '../../../src-shared/contract'
import type { EngineApi } from '../../../src-shared/engine-api'
import { planRequest } from './build-request'
import type { ConnectionSource, ConnectionState } from './connection'
import { EngineError, toErrorCode } from './engine-error'
import type { SocketFactory, Timers } from './event-socket'
import { ReconnectingEventSocket } from './event-socket'

export interface HttpClientOptions {
  /** Origin of the headless host, e.g. `http://127.0.0.1:8765`; '' for the page's own. */
  baseUrl: string
  /** The bearer token; null when the host was started without one. */
  token: string | null
  fetch: typeof fetch
  createSocket: SocketFactory
  timers: Timers
  backoff?: (attempt: number) => number
}

/**
 * The EngineApi over the headless host's protocol: each command is a REST call under
 * /api/v1 built from the contract's route (Bearer token; `{error:{code,message}}` on
 * failure becomes a rejected EngineError) and events arrive on the WebSocket
 * /api/v1/events?token=…, one JSON EngineEvent per message.
 */
export class HttpEngineClient implements EngineApi, ConnectionSource {
  private readonly events: ReconnectingEventSocket

  constructor(private readonly options: HttpClientOptions) {
    this.events = new ReconnectingEventSocket({
      url: eventsUrl(options.baseUrl, options.token),
      createSocket: options.createSocket,
      timers: options.timers,
      ...(options.backoff ? { backoff: options.backoff } : {}),
    })
  }

  async invoke<Name extends CommandName>(
    name: Name,
    input?: CommandInput<Name>,
  ): Promise<CommandOutput<Name>> {
    const plan = planRequest(name, input)
    const headers: Record<string, string> = { accept: 'application/json' }
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`
    if (plan.body) headers['content-type'] = 'application/json'
    let response: Response
    try {
      response = await this.options.fetch(`${this.options.baseUrl}${plan.url}`, {
        method: plan.method,
        headers,
        ...(plan.body ? { body: JSON.stringify(plan.body) } : {}),
      })
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new EngineError(
        'UNAVAILABLE',
        `cannot reach the engine: ${reason} (${plan.method} ${plan.url})`,
      )
    }
    const text = await response.text()
    const body = parseJson(text)
    if (!response.ok) throw errorFromResponse(response.status, body, plan.method, plan.url)
    if (body === undefined) {
      throw new EngineError('INTERNAL', `the engine answered ${name} with no JSON body`)
    }
    const parsed = COMMANDS[name].output.safeParse(body)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const where = issue?.path.length ? issue.path.join('.') : '(root)'
      throw new EngineError(
        'INTERNAL',
        `the engine's answer to ${name} does not match the contract: ${where}: ${issue?.message ?? 'invalid'}`,
      )
    }
    return parsed.data as CommandOutput<Name>
  }

  onEvent(listener: (event: EngineEvent) => void): () => void {
    return this.events.subscribe(listener)
  }

  getConnectionState(): ConnectionState {
    return this.events.getConnectionState()
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    return this.events.onConnectionChange(listener)
  }

  /** Event messages dropped because they did not match the contract. */
  get invalidEventMessages(): number {
    return this.events.invalidMessages
  }
}

/** Returns the WebSocket URL of the event stream for an http(s) origin ('' = this page). */
export function eventsUrl(baseUrl: string, token: string | null): string {
  const origin = baseUrl || globalThis.location.origin
  const url = new URL('/api/v1/events', origin)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  if (token) url.searchParams.set('token', token)
  return url.toString()
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function errorFromResponse(status: number, body: unknown, method: string, url: string) {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  if (error && typeof error.message === 'string') {
    return new EngineError(toErrorCode(error.code), error.message)
  }
  const code =
    status === 401 || status === 403
      ? 'FORBIDDEN'
      : status === 404
        ? 'NOT_FOUND'
        : status >= 500
          ? 'UNAVAILABLE'
          : 'BAD_REQUEST'
  return new EngineError(code, `the engine answered HTTP ${status} to ${method} ${url}`)
}
