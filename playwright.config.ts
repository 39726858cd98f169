import { defineConfig } from '@playwright/test'
import { E2E_HOST_PORT } from './tests/e2e/host/e2e-settings'

const previewPort = Number(process.env.E2E_PREVIEW_PORT ?? 4173)

/**
 * End-to-end UI tests in Debian's Chromium (no browser download is possible here):
 * `shell` on the built renderer alone (vite preview), `host` on the real headless host
 * replaying the bundled candles with the paper broker and the Ollama and Kraken fakes.
 * Both need `npm run build` first.
 */
export default defineConfig({
  testDir: './tests/e2e',
  reporter: [['list']],
  outputDir: 'test-results',
  workers: 1,
  use: {
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'shell',
      testMatch: 'shell.spec.ts',
      use: { baseURL: `http://127.0.0.1:${previewPort}` },
    },
    {
      name: 'host',
      testMatch: 'workstation.spec.ts',
      timeout: 60_000,
      use: { baseURL: `http://127.0.0.1:${E2E_HOST_PORT}`, viewport: { width: 1440, height: 900 } },
    },
  ],
  webServer: [
    {
      command: `npx vite preview --config tests/e2e/vite-preview.config.ts --host 127.0.0.1 --port ${previewPort} --strictPort`,
      url: `http://127.0.0.1:${previewPort}`,
      reuseExistingServer: false,
    },
    {
      command: 'npx tsx tests/e2e/host/start-e2e-host.ts',
      url: `http://127.0.0.1:${E2E_HOST_PORT}/api/v1/openapi.json`,
      reuseExistingServer: false,
      timeout: 120_000,
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    },
  ],
})
