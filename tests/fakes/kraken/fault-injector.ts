import { KrakenErrorText } from './kraken-errors'
import { Dec } from './numbers'

/** A Kraken method name ("AddOrder", "Ticker"), or "*" for every method. */
export type FaultTarget = string

/** How a response gets lost after the request was fully processed. */
export type LostResponseMode = 'destroy-connection' | 'http-status'

/** A fault waiting for matching requests, as `pending()` lists it. */
export type Fault =
  | { readonly kind: 'delay'; readonly ms: number }
  | { readonly kind: 'http-status'; readonly status: number }
  | { readonly kind: 'kraken-error'; readonly error: string }
  | { readonly kind: 'lost-response'; readonly mode: LostResponseMode; readonly status: number }

/** What the server must do to one request. */
export interface RequestFaults {
  /** Wait this long before processing. */
  readonly delayMs?: number
  /** Answer with this instead of processing the request at all. */
  readonly reply?: { readonly status: number } | { readonly error: string }
  /** Process the request, then lose the response this way. */
  readonly lostResponse?: { readonly mode: LostResponseMode; readonly status: number }
}

interface Armed {
  readonly target: FaultTarget
  readonly fault: Fault
  remaining: number
}

/**
 * Faults armed by a test for the next N requests to a method. Each request takes at most
 * one fault per stage (delay, reply instead of processing, lost response), in the order
 * they were armed. Partial fills are armed here too and consumed by the matching engine.
 */
export class FaultInjector {
  private armed: Armed[] = []
  private partialFills: Array<{ fraction: Dec; remaining: number }> = []

  /** Answers the next `times` requests to `target` with HTTP `status` and a non-JSON body. */
  httpStatus(target: FaultTarget, status: number, times = 1): this {
    return this.arm(target, { kind: 'http-status', status }, times)
  }

  /** Holds the next `times` requests to `target` for `ms` before processing them. */
  delay(target: FaultTarget, ms: number, times = 1): this {
    return this.arm(target, { kind: 'delay', ms }, times)
  }

  /** Answers the next `times` requests to `target` with Kraken's envelope carrying `error`. */
  krakenError(target: FaultTarget, error: string, times = 1): this {
    return this.arm(target, { kind: 'kraken-error', error }, times)
  }

  /** Answers with `EAPI:Rate limit exceeded`. */
  rateLimit(target: FaultTarget, times = 1): this {
    return this.krakenError(target, KrakenErrorText.rateLimitExceeded, times)
  }

  /** Answers with `EService:Unavailable`. */
  serviceUnavailable(target: FaultTarget, times = 1): this {
    return this.krakenError(target, KrakenErrorText.serviceUnavailable, times)
  }

  /** Answers with `EGeneral:Internal error`. */
  internalError(target: FaultTarget, times = 1): this {
    return this.krakenError(target, KrakenErrorText.internalError, times)
  }

  /**
   * Processes the next `times` requests to `target` (an order is really placed) and then
   * loses the answer: the connection is destroyed, or HTTP `status` is sent instead.
   */
  loseResponse(
    target: FaultTarget,
    options: { mode?: LostResponseMode; status?: number } = {},
    times = 1,
  ): this {
    const fault: Fault = {
      kind: 'lost-response',
      mode: options.mode ?? 'destroy-connection',
      status: options.status ?? 502,
    }
    return this.arm(target, fault, times)
  }

  /** Makes the next `times` fills execute only `fraction` (0 < f < 1) of the remaining volume. */
  partialFill(fraction: string, times = 1): this {
    const value = new Dec(fraction)
    if (value.lte(0) || value.gte(1)) {
      throw new Error(`partial fill fraction must be in (0, 1): fraction=${fraction}`)
    }
    this.partialFills.push({ fraction: value, remaining: times })
    return this
  }

  /** Takes the faults that apply to one request to `method`, counting them down. */
  take(method: string): RequestFaults {
    const delay = this.takeFirst(method, (fault) => fault.kind === 'delay')
    const reply = this.takeFirst(
      method,
      (fault) => fault.kind === 'http-status' || fault.kind === 'kraken-error',
    )
    const lost = this.takeFirst(method, (fault) => fault.kind === 'lost-response')
    return {
      ...(delay?.kind === 'delay' ? { delayMs: delay.ms } : {}),
      ...(reply?.kind === 'http-status' ? { reply: { status: reply.status } } : {}),
      ...(reply?.kind === 'kraken-error' ? { reply: { error: reply.error } } : {}),
      ...(lost?.kind === 'lost-response'
        ? { lostResponse: { mode: lost.mode, status: lost.status } }
        : {}),
    }
  }

  /** Takes the fraction the next fill is limited to, if a partial fill is armed. */
  takePartialFill(): Dec | undefined {
    const next = this.partialFills[0]
    if (!next) return undefined
    next.remaining -= 1
    if (next.remaining <= 0) this.partialFills.shift()
    return next.fraction
  }

  /** Returns the faults still armed, with how many requests each will still hit. */
  pending(): Array<{ target: FaultTarget; fault: Fault; remaining: number }> {
    return this.armed.map(({ target, fault, remaining }) => ({ target, fault, remaining }))
  }

  /** Disarms every fault. */
  clear(): void {
    this.armed = []
    this.partialFills = []
  }

  private arm(target: FaultTarget, fault: Fault, times: number): this {
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`fault times must be a positive integer: times=${times}`)
    }
    this.armed.push({ target, fault, remaining: times })
    return this
  }

  private takeFirst(method: string, matches: (fault: Fault) => boolean): Fault | undefined {
    const entry = this.armed.find(
      (armed) => (armed.target === '*' || armed.target === method) && matches(armed.fault),
    )
    if (!entry) return undefined
    entry.remaining -= 1
    if (entry.remaining <= 0) this.armed = this.armed.filter((armed) => armed !== entry)
    return entry.fault
  }
}
