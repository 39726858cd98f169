import { defineConfig } from '@playwright/test'

const port = Number(process.env.HARNESS_PORT ?? 4175)

/**
 * Screenshots and interactions of every view on the in-memory demo engine (test-only
 * harness, never shipped). Run: npx playwright test -c tests/e2e/harness/playwright.config.ts
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.harness.ts',
  reporter: [['list']],
  outputDir: '../../../test-results/harness',
  workers: 1,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    headless: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    },
  },
  webServer: {
    command: `npx vite build --config tests/e2e/harness/vite.config.ts --logLevel warn && npx vite preview --config tests/e2e/harness/vite.config.ts --host 127.0.0.1 --port ${port} --strictPort`,
    cwd: '../../..',
    url: `http://127.0.0.1:${port}`,
    reuseExistingServer: false,
    timeout: 120_000,
  },
})
