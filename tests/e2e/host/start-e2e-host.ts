import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { startHeadlessHost } from '../../../src-main/host/headless-host'
import { createLogger } from '../../../src-main/engine/logging/logger'
import { FakeOllamaServer } from '../../fakes/llm'
import { KrakenSimulator } from '../../fakes/kraken'
import { e2eResponder } from './e2e-responder'
import { E2E_HOST_PORT, E2E_TOKEN_FILE } from './e2e-settings'

/**
 * The end-to-end host: the Ollama fake (scripted to buy), the Kraken simulator and the real
 * headless host replaying the bundled candles with the paper broker, in a fresh data folder.
 * Playwright starts it as a webServer; the token is written to E2E_TOKEN_FILE. SIGTERM stops
 * everything and removes the data folder.
 */
const port = E2E_HOST_PORT
const speed = Number(process.env.E2E_REPLAY_SPEED ?? 600)
const tokenFile = E2E_TOKEN_FILE

const ollama = new FakeOllamaServer({
  running: ['qwen2.5:7b'],
  // Slow enough for a screenshot of the bar half-way, fast enough for a test.
  pullPace: { progressSteps: 20, intervalMs: 150 },
})
ollama.setResponder(e2eResponder)
const kraken = new KrakenSimulator()
const { url: ollamaUrl } = await ollama.start()
const krakenUrl = (await kraken.start()).url

const dataDir = mkdtempSync(join(tmpdir(), 'triplegain-e2e-'))
const env: Record<string, string | undefined> = {
  ...process.env,
  OLLAMA_HOST: ollamaUrl,
  KRAKEN_BASE_URL: krakenUrl,
  TRIPLEGAIN_DATA_DIR: dataDir,
  TRIPLEGAIN_MODE: 'paper',
  DATABASE_URL: undefined,
  OPENAI_API_KEY: undefined,
  ANTHROPIC_API_KEY: undefined,
  DEEPSEEK_API_KEY: undefined,
  XAI_BEARER_API_KEY: undefined,
  KRAKEN_API_KEY: undefined,
  KRAKEN_API_SECRET: undefined,
}
const paths = resolveAppPaths(env)
const logger = createLogger({ level: (process.env.E2E_LOG_LEVEL as never) ?? 'warn' })

const host = await startHeadlessHost({
  paths,
  env,
  logger,
  version: 'e2e',
  // History first, as serve and a live start have it: the charts and indicators start warm.
  market: { kind: 'replay', speed, warmup: 'live-backfill' },
  bindHost: '127.0.0.1',
  port,
})
mkdirSync(dirname(tokenFile), { recursive: true })
writeFileSync(tokenFile, host.token, { mode: 0o600 })
process.stdout.write(`e2e host on ${host.url} (ollama ${ollamaUrl}, kraken ${krakenUrl})\n`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  try {
    await host.close()
    await ollama.stop()
    await kraken.stop()
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  }
}
process.once('SIGTERM', () => void stop())
process.once('SIGINT', () => void stop())
