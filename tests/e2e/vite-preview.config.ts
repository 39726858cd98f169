import { resolve } from 'node:path'
import { defineConfig } from 'vite'

/** Serves the built renderer (out/renderer) over HTTP; Chromium refuses its modules from file://. */
export default defineConfig({
  root: resolve(import.meta.dirname, '../../src-renderer'),
  build: { outDir: resolve(import.meta.dirname, '../../out/renderer') },
})
