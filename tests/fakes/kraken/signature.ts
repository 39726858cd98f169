import { createHash, createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Returns Kraken's API-Sign for a private request:
 * base64(HMAC-SHA512(base64decode(secret), path + SHA256(nonce + body)))
 * (docs.kraken.com/api/docs/guides/spot-rest-auth). `body` is the exact request body.
 */
export function krakenSignature(
  path: string,
  nonce: string,
  body: string,
  secretBase64: string,
): string {
  const digest = createHash('sha256')
    .update(nonce + body)
    .digest()
  return createHmac('sha512', Buffer.from(secretBase64, 'base64'))
    .update(Buffer.concat([Buffer.from(path), digest]))
    .digest('base64')
}

/** Returns whether `signature` is the API-Sign of this request, compared in constant time. */
export function isValidSignature(
  signature: string,
  path: string,
  nonce: string,
  body: string,
  secretBase64: string,
): boolean {
  const expected = Buffer.from(krakenSignature(path, nonce, body, secretBase64))
  const given = Buffer.from(signature)
  return expected.length === given.length && timingSafeEqual(expected, given)
}
