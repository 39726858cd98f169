import { resolve } from 'node:path'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

/** Builds the test-only UI harness (renderer + in-memory engine) into out/harness. */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../out/harness'),
    emptyOutDir: true,
    minify: true,
    chunkSizeWarningLimit: 2000,
  },
  preview: { host: '127.0.0.1' },
})
