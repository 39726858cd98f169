import { engineEventSchema } from '../../../src-shared/contract'
import type { EngineEvent } from '../../../src-shared/contract'
import type { ConnectionSource, ConnectionState } from './connection'

/** The part of the browser WebSocket the client uses (the `ws` package matches it too). */
export interface SocketLike {
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  close(): void
}

export type SocketFactory = (url: string) => SocketLike

/** Timer functions, injected so tests can drive reconnects. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
  now(): number
}

/** Returns the wait before reconnect attempt `attempt` (1-based): 0.5 s doubling to 30 s. */
export function defaultBackoff(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1))
}

export interface EventSocketOptions {
  url: string
  createSocket: SocketFactory
  timers: Timers
  backoff?: (attempt: number) => number
}

/**
 * A WebSocket that receives one JSON EngineEvent per message and reconnects with backoff
 * when it drops. It opens when the first listener subscribes and closes with the last.
 * Messages that do not match the contract are dropped and counted.
 */
export class ReconnectingEventSocket implements ConnectionSource {
  private readonly listeners = new Set<(event: EngineEvent) => void>()
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>()
  private socket: SocketLike | null = null
  private retryHandle: unknown = null
  private state: ConnectionState = {
    status: 'disconnected',
    attempt: 0,
    retryAt: null,
    lastError: null,
  }
  private invalidCount = 0
  private readonly backoff: (attempt: number) => number

  constructor(private readonly options: EventSocketOptions) {
    this.backoff = options.backoff ?? defaultBackoff
  }

  /** Messages dropped because they were not valid EngineEvents. */
  get invalidMessages(): number {
    return this.invalidCount
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.listeners.add(listener)
    if (this.listeners.size === 1) this.open()
    return () => {
      this.listeners.delete(listener)
      if (this.listeners.size === 0) this.shutdown()
    }
  }

  getConnectionState(): ConnectionState {
    return this.state
  }

  onConnectionChange(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener)
    return () => this.connectionListeners.delete(listener)
  }

  private setState(patch: Partial<ConnectionState>): void {
    this.state = { ...this.state, ...patch }
    for (const listener of this.connectionListeners) listener(this.state)
  }

  private open(): void {
    this.retryHandle = null
    this.setState({
      status: this.state.attempt === 0 ? 'connecting' : 'reconnecting',
      retryAt: null,
    })
    let socket: SocketLike
    try {
      socket = this.options.createSocket(this.options.url)
    } catch (error) {
      this.scheduleRetry(error instanceof Error ? error.message : String(error))
      return
    }
    this.socket = socket
    socket.onopen = () => {
      if (this.socket !== socket) return
      this.setState({ status: 'connected', attempt: 0, retryAt: null, lastError: null })
    }
    socket.onmessage = (message) => {
      if (this.socket !== socket) return
      this.deliver(message.data)
    }
    socket.onerror = () => {
      // The close event that always follows carries what we can know; browsers hide details.
    }
    socket.onclose = (event) => {
      if (this.socket !== socket) return
      this.socket = null
      const reason = event.reason ? `${event.code} ${event.reason}` : null
      this.scheduleRetry(reason ?? `event stream closed code=${event.code}`)
    }
  }

  private deliver(data: unknown): void {
    let parsed: unknown
    try {
      parsed = JSON.parse(typeof data === 'string' ? data : String(data))
    } catch {
      this.invalidCount += 1
      return
    }
    const result = engineEventSchema.safeParse(parsed)
    if (!result.success) {
      this.invalidCount += 1
      return
    }
    for (const listener of [...this.listeners]) listener(result.data)
  }

  private scheduleRetry(lastError: string): void {
    if (this.listeners.size === 0) return
    const attempt = this.state.attempt + 1
    const wait = this.backoff(attempt)
    this.setState({
      status: 'reconnecting',
      attempt,
      retryAt: this.options.timers.now() + wait,
      lastError,
    })
    this.retryHandle = this.options.timers.setTimeout(() => this.open(), wait)
  }

  private shutdown(): void {
    if (this.retryHandle !== null) this.options.timers.clearTimeout(this.retryHandle)
    this.retryHandle = null
    const socket = this.socket
    this.socket = null
    socket?.close()
    this.setState({ status: 'disconnected', attempt: 0, retryAt: null, lastError: null })
  }
}
