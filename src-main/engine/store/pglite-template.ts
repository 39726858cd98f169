import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'
import type { PGlite, PGliteOptions } from '@electric-sql/pglite'
import { unpackTemplate } from './template-unpack'
import { isNewFolder, startGuardingNewFolder } from './unfinished-cluster'

/**
 * How a PGlite database starts. A new data folder (or an in-memory database) needs a
 * PostgreSQL cluster: initdb makes one in ~4 s. The first new database of an installation
 * runs initdb and saves its cluster as the template (a `dumpDataDir` image, 40 MB); every
 * later one (each replay runs in a new folder) starts from it: a new folder has the image
 * unpacked into it (~0.1 s, see template-unpack) and is opened like any other, an in-memory
 * database has PGlite restore it (~1 s). The worker thread restores the same way in its own
 * source (pglite-worker-source).
 */
export interface PgliteTemplatePlan {
  /** The template PGlite restores the new database from; null to run initdb or open what is there. */
  readonly load: string | null
  /** The template already unpacked into the new folder, which is opened as it is; else null. */
  readonly unpacked: string | null
  /** Where the cluster initdb makes is saved; null when none is made or there is no template folder. */
  readonly save: string | null
}

/** Neither restore nor save: a folder that holds a cluster, or no template folder. */
export const NO_TEMPLATE: PgliteTemplatePlan = { load: null, unpacked: null, save: null }

/** Whether the database of `plan` starts from the installation's template. */
export function isFromTemplate(plan: PgliteTemplatePlan): boolean {
  return plan.load !== null || plan.unpacked !== null
}

/** The installed PGlite's entry file (dist/index.cjs), which the worker thread loads. */
export function pgliteEntryPath(): string {
  return createRequire(import.meta.url).resolve('@electric-sql/pglite')
}

/** What starts the database in `folder` (or in memory), given the installation's template folder. */
export function planPgliteTemplate(
  folder: string | 'memory',
  templateDir: string | null,
  pglitePath: string = pgliteEntryPath(),
): PgliteTemplatePlan {
  if (templateDir === null || !isNewFolder(folder)) return NO_TEMPLATE
  const template = pgliteTemplatePath(templateDir, pglitePath)
  if (template === null) return NO_TEMPLATE
  return existsSync(template)
    ? { load: template, unpacked: null, save: null }
    : { load: null, unpacked: null, save: template }
}

/**
 * The template file for the installed PGlite: one per version, as another version's initdb
 * may make a cluster this one cannot open. Null when the version cannot be read.
 */
export function pgliteTemplatePath(templateDir: string, pglitePath: string): string | null {
  try {
    // `pglitePath` is the package's dist/index.cjs; its package.json is not exported.
    const manifest: unknown = JSON.parse(
      readFileSync(join(dirname(pglitePath), '..', 'package.json'), 'utf8'),
    )
    const version = (manifest as { version?: unknown }).version
    if (typeof version !== 'string' || !/^[\w.+-]+$/.test(version)) return null
    return join(templateDir, `pglite-${version}.tar`)
  } catch {
    return null
  }
}

/**
 * Starts the database in `folder` (or in memory) with `start`, from the installation's
 * template in `templateDir` when the folder is new (see {@link planPgliteTemplate}). A new
 * folder is guarded against a start cut short (see unfinished-cluster). A template that does
 * not restore (damaged on disk) is removed with whatever it half-wrote in `folder`, and the
 * database is made by initdb, which saves a sound template in its place.
 */
export async function startWithTemplate<T>(
  folder: string | 'memory',
  templateDir: string | null,
  start: (plan: PgliteTemplatePlan) => Promise<T>,
  pglitePath: string = pgliteEntryPath(),
): Promise<T> {
  return startGuardingNewFolder(folder, async () => {
    const plan = unpackedIntoFolder(folder, planPgliteTemplate(folder, templateDir, pglitePath))
    try {
      return await start(plan)
    } catch (error) {
      const template = plan.load ?? plan.unpacked
      if (template === null) throw error
      rmSync(template, { force: true })
      if (folder !== 'memory') rmSync(folder, { recursive: true, force: true })
      return start({ load: null, unpacked: null, save: template })
    }
  })
}

/**
 * `plan` with the template it restores unpacked into the new folder first (see
 * template-unpack). An image it cannot unpack is left to PGlite's own restore, which replaces
 * a damaged one (see {@link startWithTemplate}); an in-memory database has no folder.
 */
function unpackedIntoFolder(
  folder: string | 'memory',
  plan: PgliteTemplatePlan,
): PgliteTemplatePlan {
  if (folder === 'memory' || plan.load === null) return plan
  try {
    unpackTemplate(plan.load, folder)
    return { load: null, unpacked: plan.load, save: null }
  } catch {
    rmSync(folder, { recursive: true, force: true })
    return plan
  }
}

/** Opens PGlite in this thread as `plan` says: restored from the template, or made and saved. */
export async function openPgliteInProcess(
  PGliteClass: typeof PGlite,
  folder: string | 'memory',
  options: PGliteOptions,
  plan: PgliteTemplatePlan,
): Promise<PGlite> {
  const withTemplate =
    plan.load === null ? options : { ...options, loadDataDir: readPgliteTemplate(plan.load) }
  const client =
    folder === 'memory' ? new PGliteClass(withTemplate) : new PGliteClass(folder, withTemplate)
  await client.waitReady
  if (plan.save !== null) {
    const image = await client.dumpDataDir('none')
    writePgliteTemplate(plan.save, new Uint8Array(await image.arrayBuffer()))
  }
  return client
}

/**
 * The template at `path` as PGlite's `loadDataDir` takes it. PGlite reads the image with
 * `arrayBuffer()` and looks at its `type`; a Node Blob of 40 MB would be copied in and out
 * again by chunks, ~0.3 s of a start. The worker thread reads it the same way.
 */
export function readPgliteTemplate(path: string): Blob {
  const bytes = readFileSync(path)
  const image = {
    type: 'application/x-tar',
    arrayBuffer: () =>
      Promise.resolve(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
  }
  return image as unknown as Blob
}

/**
 * Keeps `image`, the cluster initdb just made, for the next new database, replacing other
 * versions' templates. Best effort: without it the next new database runs initdb again.
 */
export function writePgliteTemplate(path: string, image: Uint8Array): void {
  // Written whole under another name, then renamed: a reader never sees half a template.
  const partial = `${path}.${process.pid}-${threadId}.partial`
  try {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(partial, image)
    renameSync(partial, path)
    for (const name of readdirSync(dirname(path))) {
      if (/^pglite-.*\.tar$/.test(name) && name !== basename(path)) {
        rmSync(join(dirname(path), name), { force: true })
      }
    }
  } catch {
    rmSync(partial, { force: true })
  }
}
