import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/** Serves the built renderer (out/renderer) over HTTP; Chromium refuses its modules from file://. */
export default defineConfig({
  root: resolve(__dirname, '../../src-renderer'),
  build: { outDir: resolve(__dirname, '../../out/renderer') },
})
