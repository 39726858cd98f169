import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The port of the end-to-end headless host (E2E_PORT, default 4180). */
export const E2E_HOST_PORT = Number(process.env.E2E_PORT ?? 4180)

/** Where the end-to-end host writes its API token; outside test-results, which Playwright empties. */
export const E2E_TOKEN_FILE =
  process.env.E2E_TOKEN_FILE ?? join(tmpdir(), `triplegain-e2e-token-${E2E_HOST_PORT}`)
