import type { AddressInfo } from 'node:net'
import { WebSocket, WebSocketServer } from 'ws'

/** A 1-minute candle as a test pushes it: open time in Unix ms, values as numbers. */
export interface WsCandle {
  readonly time: number
  readonly open: number
  readonly high: number
  readonly low: number
  readonly close: number
  readonly volume: number
  readonly trades?: number
}

/** A ticker as a test pushes it. */
export interface WsTicker {
  readonly last: number
  readonly bid: number
  readonly ask: number
}

/** A subscription a client made: channel, symbol and (ohlc) interval. */
export interface WsSubscription {
  readonly channel: string
  readonly symbol: string
  readonly interval?: number
}

interface Client {
  readonly socket: WebSocket
  readonly subscriptions: WsSubscription[]
}

const requestSchema = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A minimal Kraken websocket v2 public endpoint for ccxt's `watchOHLCV` and `watchTicker`
 * (reference §6): answers `subscribe` for the `ohlc` and `ticker` channels with Kraken's
 * acknowledgement (and a snapshot of the last pushed candle or ticker), `ping` with `pong`,
 * and sends what a test pushes to the subscribed clients. Symbols are ccxt's (`BTC/USDT`),
 * as Kraken v2 and ccxt use them. `dropConnections` simulates a disconnect.
 */
export class KrakenWebsocketServer {
  private server: WebSocketServer | undefined
  private readonly clients = new Set<Client>()
  private readonly lastCandles = new Map<string, WsCandle>()
  private readonly lastTickers = new Map<string, WsTicker>()
  private readonly waiters: Array<{ count: number; resolve: () => void }> = []
  private port = 0

  /** Starts listening on a free port of 127.0.0.1; returns the URL for ccxt's `publicV2`. */
  async start(): Promise<string> {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/v2' })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve())
      server.once('error', reject)
    })
    this.port = (server.address() as AddressInfo).port
    server.on('connection', (socket) => this.onConnection(socket))
    return this.url
  }

  /** The ws:// URL; throws when not started. */
  get url(): string {
    if (this.server === undefined) throw new Error('websocket server is not started')
    return `ws://127.0.0.1:${this.port}/v2`
  }

  /** Closes every connection and stops listening. */
  async stop(): Promise<void> {
    const server = this.server
    if (server === undefined) return
    this.server = undefined
    this.dropConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }

  /** Terminates every open connection (the clients see an abrupt disconnect). */
  dropConnections(): void {
    for (const client of this.clients) client.socket.terminate()
    this.clients.clear()
  }

  /** The subscriptions of the connected clients. */
  subscriptions(): WsSubscription[] {
    return [...this.clients].flatMap((client) => client.subscriptions)
  }

  /** Resolves once the connected clients hold at least `count` subscriptions. */
  waitForSubscriptions(count: number): Promise<void> {
    if (this.subscriptions().length >= count) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push({ count, resolve }))
  }

  /** Sends an ohlc update of a 1-minute candle to the clients subscribed to the symbol. */
  pushCandle(symbol: string, candle: WsCandle): void {
    this.lastCandles.set(symbol, candle)
    this.broadcast('ohlc', symbol, ohlcMessage('update', symbol, candle))
  }

  /** Sends a ticker update to the clients subscribed to the symbol. */
  pushTicker(symbol: string, ticker: WsTicker): void {
    this.lastTickers.set(symbol, ticker)
    this.broadcast('ticker', symbol, tickerMessage('update', symbol, ticker))
  }

  /** Sends raw text to every client subscribed to a channel and symbol (malformed data tests). */
  pushRaw(channel: string, symbol: string, text: string): void {
    for (const client of this.clients) {
      if (client.subscriptions.some((sub) => sub.channel === channel && sub.symbol === symbol)) {
        client.socket.send(text)
      }
    }
  }

  private onConnection(socket: WebSocket): void {
    const client: Client = { socket, subscriptions: [] }
    this.clients.add(client)
    socket.on('close', () => this.clients.delete(client))
    socket.on('message', (data) => this.onMessage(client, String(data)))
  }

  private onMessage(client: Client, text: string): void {
    let request: unknown
    try {
      request = JSON.parse(text)
    } catch {
      return
    }
    if (!requestSchema(request)) return
    const reqId = request.req_id
    if (request.method === 'ping') {
      this.send(client, { method: 'pong', req_id: reqId, ...times() })
      return
    }
    if (request.method !== 'subscribe' || !requestSchema(request.params)) return
    const { channel, symbol: symbols, interval } = request.params
    if ((channel !== 'ohlc' && channel !== 'ticker') || !Array.isArray(symbols)) {
      this.send(client, {
        method: 'subscribe',
        req_id: reqId,
        success: false,
        error: `Unsupported channel ${String(channel)}`,
        ...times(),
      })
      return
    }
    for (const symbol of symbols.map(String)) {
      const subscription: WsSubscription =
        channel === 'ohlc' ? { channel, symbol, interval: Number(interval) } : { channel, symbol }
      client.subscriptions.push(subscription)
      this.send(client, {
        method: 'subscribe',
        req_id: reqId,
        result: { ...subscription, snapshot: true },
        success: true,
        ...times(),
      })
      const candle = this.lastCandles.get(symbol)
      if (channel === 'ohlc' && candle !== undefined) {
        this.send(client, ohlcMessage('snapshot', symbol, candle))
      }
      const ticker = this.lastTickers.get(symbol)
      if (channel === 'ticker' && ticker !== undefined) {
        this.send(client, tickerMessage('snapshot', symbol, ticker))
      }
    }
    this.wakeWaiters()
  }

  private broadcast(channel: string, symbol: string, message: unknown): void {
    for (const client of this.clients) {
      if (client.subscriptions.some((sub) => sub.channel === channel && sub.symbol === symbol)) {
        this.send(client, message)
      }
    }
  }

  private send(client: Client, message: unknown): void {
    if (client.socket.readyState === WebSocket.OPEN) client.socket.send(JSON.stringify(message))
  }

  private wakeWaiters(): void {
    const count = this.subscriptions().length
    for (const waiter of [...this.waiters]) {
      if (count >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        waiter.resolve()
      }
    }
  }
}

function ohlcMessage(type: 'snapshot' | 'update', symbol: string, candle: WsCandle): unknown {
  const begin = new Date(candle.time).toISOString()
  return {
    channel: 'ohlc',
    type,
    timestamp: begin,
    data: [
      {
        symbol,
        open: candle.open,
        high: candle.high,
        low: candle.low,
        close: candle.close,
        trades: candle.trades ?? 1,
        volume: candle.volume,
        vwap: candle.close,
        interval_begin: begin,
        interval: 1,
        timestamp: new Date(candle.time + 60_000).toISOString(),
      },
    ],
  }
}

function tickerMessage(type: 'snapshot' | 'update', symbol: string, ticker: WsTicker): unknown {
  return {
    channel: 'ticker',
    type,
    data: [
      {
        symbol,
        bid: ticker.bid,
        bid_qty: 1,
        ask: ticker.ask,
        ask_qty: 1,
        last: ticker.last,
        volume: 100,
        vwap: ticker.last,
        low: ticker.last,
        high: ticker.last,
        change: 0,
        change_pct: 0,
      },
    ],
  }
}

/** Kraken's time_in / time_out fields; wall-clock like the real venue, not asserted on. */
function times(): { time_in: string; time_out: string } {
  const now = new Date().toISOString()
  return { time_in: now, time_out: now }
}
