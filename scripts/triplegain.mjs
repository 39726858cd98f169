#!/usr/bin/env node
/**
 * What `npm run triplegain`, `npm run serve` and `npm run replay` run: the CLI prebuilt into
 * one ES module (vite.cli.config.ts) under plain Node, rebuilt first when missing or older
 * than a source file. Transpiling the source tree on every start (tsx) took seconds.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { CLI_BUNDLE, cliBundleStaleReason } from './cli-bundle-staleness.mjs'

const root = dirname(dirname(fileURLToPath(import.meta.url)))
const staleReason = cliBundleStaleReason(root)
if (staleReason) {
  process.stderr.write(`building the CLI (${staleReason})…\n`)
  const { build } = await import('vite')
  await build({ configFile: join(root, 'vite.cli.config.ts'), root })
}
// The bundle reads its arguments from process.argv, as when run directly.
await import(pathToFileURL(join(root, CLI_BUNDLE)).href)
