import { KrakenError, KrakenErrorText } from './kraken-errors'
import { isValidSignature } from './signature'

/** An API key pair the simulator accepts. */
export interface ApiCredentials {
  readonly apiKey: string
  /** The base64 secret, as Kraken hands it out and ccxt expects it. */
  readonly secret: string
}

/** What the server knows about a private request before it is trusted. */
export interface SignedRequest {
  readonly apiKey: string | undefined
  readonly signature: string | undefined
  readonly path: string
  readonly nonce: string | undefined
  readonly rawBody: string
}

const NONCE_PATTERN = /^\d{1,20}$/

/**
 * Checks API-Key, API-Sign and nonce of private requests the way Kraken does: an unknown
 * key, a wrong signature and a nonce not above the key's last accepted one are refused
 * with Kraken's own error strings. Nonces are unsigned 64-bit, so they are compared as
 * BigInt.
 */
export class Authenticator {
  private readonly secrets = new Map<string, string>()
  private readonly lastNonces = new Map<string, bigint>()

  constructor(credentials: readonly ApiCredentials[]) {
    for (const { apiKey, secret } of credentials) this.secrets.set(apiKey, secret)
  }

  /** Accepts the request and records its nonce, or throws the KrakenError Kraken would answer. */
  authenticate(request: SignedRequest): string {
    const secret = request.apiKey === undefined ? undefined : this.secrets.get(request.apiKey)
    if (request.apiKey === undefined || secret === undefined) {
      throw KrakenError.of(KrakenErrorText.invalidKey)
    }
    if (request.nonce === undefined || !NONCE_PATTERN.test(request.nonce)) {
      throw KrakenError.of(KrakenErrorText.invalidNonce)
    }
    const isSigned =
      request.signature !== undefined &&
      isValidSignature(request.signature, request.path, request.nonce, request.rawBody, secret)
    if (!isSigned) throw KrakenError.of(KrakenErrorText.invalidSignature)
    const nonce = BigInt(request.nonce)
    const last = this.lastNonces.get(request.apiKey)
    if (last !== undefined && nonce <= last) throw KrakenError.of(KrakenErrorText.invalidNonce)
    this.lastNonces.set(request.apiKey, nonce)
    return request.apiKey
  }

  /** Returns the last accepted nonce of a key, if it has made any request. */
  lastNonce(apiKey: string): bigint | undefined {
    return this.lastNonces.get(apiKey)
  }

  /** Forgets every accepted nonce. */
  reset(): void {
    this.lastNonces.clear()
  }
}
