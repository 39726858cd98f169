import { tmpdir } from 'node:os'
import { join } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react()],
  test: {
    environment: 'node',
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The hosts the tests start each get a new data folder: they share one database template
    // (see pglite-template) instead of each initialising PostgreSQL.
    env: { TRIPLEGAIN_CACHE_DIR: join(tmpdir(), 'triplegain-test-cache') },
    coverage: {
      provider: 'v8',
      include: ['src-main/**/*.ts', 'src-shared/**/*.ts'],
      // The Electron host and preload need the Electron binary, which cannot run here;
      // they are unit-tested through fakes, and CLI/server entry points through integration tests.
      exclude: ['src-main/index.ts', 'src-main/preload/**', 'src-main/cli/main.ts'],
      thresholds: { lines: 90 },
      reporter: ['text-summary', 'json-summary'],
    },
  },
})
