import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * How a PGlite data folder starts. A new folder needs a PostgreSQL cluster: initdb makes one
 * in ~4 s, restoring the copy of one (a `dumpDataDir` image, 40 MB) takes ~1 s. The first new
 * folder of an installation runs initdb and saves its cluster as the template; every later
 * new folder (each replay runs in one) starts from it.
 */
export interface PgliteTemplatePlan {
  /** The template the new folder is restored from; null to run initdb or open what is there. */
  readonly load: string | null
  /** Where the cluster initdb makes is saved; null when none is made or there is no template folder. */
  readonly save: string | null
}

/** Neither restore nor save: a folder that holds a cluster, memory, or no template folder. */
export const NO_TEMPLATE: PgliteTemplatePlan = { load: null, save: null }

/** What starts the PostgreSQL data folder `folder`, given the installation's template folder. */
export function planPgliteTemplate(
  folder: string,
  templateDir: string | null,
  pglitePath: string,
): PgliteTemplatePlan {
  if (templateDir === null || !isNewFolder(folder)) return NO_TEMPLATE
  const template = pgliteTemplatePath(templateDir, pglitePath)
  if (template === null) return NO_TEMPLATE
  return existsSync(template) ? { load: template, save: null } : { load: null, save: template }
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

/** True when `folder` holds nothing yet (absent or empty): only then is a cluster made in it. */
function isNewFolder(folder: string): boolean {
  return !existsSync(folder) || readdirSync(folder).length === 0
}
