import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const CONFIG_DIR = fileURLToPath(new URL('../../config', import.meta.url))

/** Copies the shipped config folder to a temporary folder tests may break. */
export function copyConfig(): string {
  const folder = mkdtempSync(join(tmpdir(), 'tg-config-'))
  cpSync(CONFIG_DIR, folder, { recursive: true })
  return folder
}

/** Replaces text in one file of a copied config folder; fails loudly when the text is absent. */
export function editConfig(folder: string, file: string, from: string | RegExp, to: string): void {
  const path = join(folder, file)
  const before = readFileSync(path, 'utf8')
  const after = before.replace(from, to)
  if (after === before) throw new Error(`editConfig: ${String(from)} not found in ${file}`)
  writeFileSync(path, after)
}
