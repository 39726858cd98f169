import type { Authenticator, SignedRequest } from './authenticator'
import type { Endpoint, SystemStatus } from './endpoint'
import { KrakenError, KrakenErrorText } from './kraken-errors'
import type { RequestParams } from './request-params'

/** The two halves of Kraken's REST API: /0/public and /0/private. */
export type Api = 'public' | 'private'

/** A decoded request on its way to an endpoint. */
export interface RoutedCall {
  readonly api: Api
  readonly method: string
  readonly params: RequestParams
  /** The authentication material of a private call. */
  readonly signed?: SignedRequest
}

/**
 * Maps Kraken methods to endpoints. Private calls are authenticated first (key,
 * signature, nonce) and refused while the system is in maintenance.
 */
export class KrakenRouter {
  constructor(
    private readonly endpoints: Readonly<Record<Api, Readonly<Record<string, Endpoint>>>>,
    private readonly authenticator: Authenticator,
    private readonly hooks: {
      readonly beforeEach: () => void
      readonly systemStatus: () => SystemStatus
    },
  ) {}

  /** Returns whether `method` exists under `api`. */
  has(api: Api, method: string): boolean {
    return Object.hasOwn(this.endpoints[api], method)
  }

  /** Runs the call and returns Kraken's `result`, or throws the KrakenError to answer. */
  route(call: RoutedCall): unknown {
    const endpoint = this.endpoints[call.api][call.method]
    if (!endpoint) throw KrakenError.of(KrakenErrorText.unknownMethod)
    if (call.api === 'private') {
      if (!call.signed) throw KrakenError.of(KrakenErrorText.invalidKey)
      this.authenticator.authenticate(call.signed)
      if (this.hooks.systemStatus() === 'maintenance' && call.method !== 'AddOrder') {
        throw KrakenError.of(KrakenErrorText.serviceUnavailable)
      }
    }
    this.hooks.beforeEach()
    return endpoint.run(call.params)
  }
}
