#!/usr/bin/env node
/**
 * What `npm run triplegain`, `npm run serve` and `npm run replay` run: the CLI prebuilt into
 * one ES module (vite.cli.config.ts) under plain Node, rebuilt first when missing or older
 * than a source file. Transpiling the source tree on every start (tsx) took seconds.
 * `serve` also builds the renderer it serves when it is missing or older than its sources,
 * so a fresh clone's `npm install && npm run serve` shows the UI.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CLI_BUNDLE, cliBundleStaleReason } from './cli-bundle-staleness.mjs'

/** The built renderer the headless host serves, and what it is built from. */
const RENDERER = { bundle: 'out/renderer/index.html', sources: ['src-renderer', 'src-shared'] }

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const staleReason = cliBundleStaleReason(root)
if (staleReason) {
  process.stderr.write(`building the CLI (${staleReason})…\n`)
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.cli.config.ts'), root })
}
const rendererStaleReason =
  process.argv[2] === 'serve' ? cliBundleStaleReason(root, RENDERER) : null
if (rendererStaleReason) {
  process.stderr.write(`building the UI (${rendererStaleReason})…\n`)
  const { build } = await import('electron-vite')
  await build({ configFile: join(root, 'electron.vite.config.ts'), root, logLevel: 'warn' })
}
// The bundle reads its arguments from process.argv, as when run directly.
await import(pathToFileURL(join(root, CLI_BUNDLE)).href)
