import { resolve } from 'node:path'
import { defineConfig, type UserConfig } from 'vite'

/**
 * Builds a Node entry point into an ES module under `outDir` (what is imported on demand goes
 * to `chunks/`), dependencies left external: they load from node_modules as usual. Running the
 * built file with plain `node` skips transpiling the source tree on every start (tsx).
 */
export function nodeEntryBuildConfig(entry: string, outDir: string): UserConfig {
  return {
    root: import.meta.dirname,
    logLevel: 'warn',
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      sourcemap: true,
      minify: false,
      rollupOptions: {
        output: {
          format: 'es',
          entryFileNames: '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].js',
        },
      },
    },
  }
}

/** The CLI that `npm run serve`, `replay` and `triplegain` run (through scripts/triplegain.mjs). */
export default defineConfig(
  nodeEntryBuildConfig(resolve(import.meta.dirname, 'src-main/cli/main.ts'), 'out/cli'),
)
