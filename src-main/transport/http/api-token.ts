import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Creates a fresh bearer token and writes it to `<dataDir>/api-token` readable only by the owner. */
export function createApiToken(dataDir: string): { token: string; path: string } {
  const token = randomBytes(32).toString('hex')
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, 'api-token')
  writeFileSync(path, `${token}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  return { token, path }
}

/** Compares a presented token with the expected one in constant time. */
export function isValidToken(expected: string, presented: string | undefined | null): boolean {
  if (!presented) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Reads the token from `Authorization: Bearer …`. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  return match ? (match[1] as string) : null
}
