import { defineConfig } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 4173)

/** End-to-end UI tests in Debian's Chromium (no browser download is possible here). */
export default defineConfig({
  testDir: './tests/e2e',
  reporter: [['list']],
  outputDir: 'test-results',
  workers: 1,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
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
  webServer: {
    command: `npx vite preview --config tests/e2e/vite-preview.config.ts --host 127.0.0.1 --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
  },
})
