import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '../../../src-main/engine/store'
import { EarlyStore } from '../../../src-main/engine/store/early-store'
import {
  NO_TEMPLATE,
  pgliteTemplatePath,
  planPgliteTemplate,
} from '../../../src-main/engine/store/pglite-template'
import { unfinishedMarkerPath } from '../../../src-main/engine/store/unfinished-cluster'
import { PgliteThread } from '../../../src-main/engine/store/pglite-thread/pglite-thread'
import { tarOf } from '../../helpers/tar-image'

const PGLITE_PATH = createRequire(import.meta.url).resolve('@electric-sql/pglite')
const newDir = (name: string) => join(mkdtempSync(join(tmpdir(), 'tg-template-')), name)

describe('a new PGlite folder and the installation template', () => {
  const opened: PgliteThread[] = []
  const open = async (folder: string, templateDir: string) => {
    const thread = await PgliteThread.open(folder, { templateDir })
    opened.push(thread)
    return thread
  }
  afterEach(async () => {
    for (const thread of opened.splice(0)) await thread.close()
  })

  it('is made by initdb first and saved; later new folders start from the copy', async () => {
    const templateDir = newDir('cache')
    mkdirSync(templateDir)
    // Another PGlite version's template is of no use any more.
    writeFileSync(join(templateDir, 'pglite-0.0.1.tar'), 'old')
    const template = pgliteTemplatePath(templateDir, PGLITE_PATH) as string

    const first = await open(newDir('pgdata'), templateDir)
    expect(first.isFromTemplate).toBe(false)
    expect(readdirSync(templateDir)).toEqual([template.split('/').pop()])
    await first.session.exec('CREATE TABLE only_in_first (id int)')

    const folder = newDir('pgdata')
    const second = await open(folder, templateDir)
    expect(second.isFromTemplate).toBe(true)
    // A clean cluster: what the first folder did after its start is not in it.
    const tables = await second.session.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'only_in_first'",
    )
    expect(tables.rows).toEqual([{ n: 0 }])
    await second.session.exec('CREATE TABLE kept (id int); INSERT INTO kept VALUES (7)')
    await second.close()
    opened.splice(opened.indexOf(second), 1)

    // The restored folder is a folder like any other: reopened, it holds what was written.
    const reopened = await open(folder, templateDir)
    expect(reopened.isFromTemplate).toBe(false)
    expect((await reopened.session.query('SELECT id FROM kept')).rows).toEqual([{ id: 7 }])
  })

  it('is replaced when damaged: the folder is made by initdb and a sound copy saved', async () => {
    const templateDir = newDir('cache')
    mkdirSync(templateDir)
    const template = pgliteTemplatePath(templateDir, PGLITE_PATH) as string
    writeFileSync(template, 'not a tar of a PostgreSQL cluster')

    const thread = await open(newDir('pgdata'), templateDir)
    expect(thread.isFromTemplate).toBe(false)
    expect((await thread.session.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    expect(statSync(template).size).toBeGreaterThan(1_000_000)
    expect((await open(newDir('pgdata'), templateDir)).isFromTemplate).toBe(true)
  })

  it('is replaced when it unpacks into the folder but PostgreSQL cannot open what it holds', async () => {
    const templateDir = newDir('cache')
    mkdirSync(templateDir)
    const template = pgliteTemplatePath(templateDir, PGLITE_PATH) as string
    // One file, PG_VERSION: unpacked without complaint, no cluster to open.
    writeFileSync(template, tarOf([{ name: 'PG_VERSION', content: '17\n' }]))

    const thread = await open(newDir('pgdata'), templateDir)
    expect(thread.isFromTemplate).toBe(false)
    expect((await thread.session.query('SELECT 6 AS six')).rows).toEqual([{ six: 6 }])
    expect(statSync(template).size).toBeGreaterThan(1_000_000)
  })

  it('reaches the store the hosts open, early or not', async () => {
    const cache = newDir('cache')
    const early = EarlyStore.startFor({
      driver: 'pglite',
      dataDir: newDir('db'),
      isOnThread: true,
      templateDir: cache,
    })
    await early?.discard()
    expect(existsSync(pgliteTemplatePath(cache, PGLITE_PATH) as string)).toBe(true)
    const store = await openStore({
      driver: 'pglite',
      dataDir: newDir('db'),
      isOnThread: true,
      templateDir: cache,
    })
    expect(await store.execute('SELECT 2 AS two')).toEqual([{ two: 2 }])
    await store.close()
  })

  it('serves in-memory databases too, in this thread and on a worker', async () => {
    const templateDir = newDir('cache')
    const template = pgliteTemplatePath(templateDir, PGLITE_PATH) as string
    const inProcess = { driver: 'pglite' as const, dataDir: 'memory', templateDir }
    mkdirSync(templateDir)
    writeFileSync(template, 'damaged')
    // A damaged template is replaced by the cluster initdb makes.
    const first = await openStore(inProcess)
    expect(await first.execute('SELECT 3 AS three')).toEqual([{ three: 3 }])
    await first.close()
    expect(statSync(template).size).toBeGreaterThan(1_000_000)
    const restored = await openStore(inProcess)
    expect(await restored.execute('SELECT 4 AS four')).toEqual([{ four: 4 }])
    await restored.close()
    expect((await open('memory', templateDir)).isFromTemplate).toBe(true)
  })

  it('makes again a new folder whose start was cut short, which PGlite cannot open', async () => {
    const templateDir = newDir('cache')
    await (await open(newDir('pgdata'), templateDir)).close()
    opened.splice(0)
    // What a start killed mid-restore leaves: some of a cluster, and the marker beside it.
    const folder = newDir('pgdata')
    mkdirSync(join(folder, 'base'), { recursive: true })
    writeFileSync(join(folder, 'PG_VERSION'), '17\n')
    writeFileSync(unfinishedMarkerPath(folder), '')

    const thread = await open(folder, templateDir)
    expect(thread.isFromTemplate).toBe(true)
    expect((await thread.session.query('SELECT 5 AS five')).rows).toEqual([{ five: 5 }])
    expect(existsSync(unfinishedMarkerPath(folder))).toBe(false)
  })

  it('is neither used nor made for a folder that holds a cluster, or without a folder for it', () => {
    const templateDir = newDir('cache')
    const used = newDir('pgdata')
    mkdirSync(used)
    writeFileSync(join(used, 'PG_VERSION'), '17')
    expect(planPgliteTemplate(used, templateDir, PGLITE_PATH)).toBe(NO_TEMPLATE)
    expect(planPgliteTemplate(newDir('pgdata'), null, PGLITE_PATH)).toBe(NO_TEMPLATE)
    for (const database of [newDir('pgdata'), 'memory']) {
      expect(planPgliteTemplate(database, templateDir, PGLITE_PATH)).toEqual({
        load: null,
        unpacked: null,
        save: pgliteTemplatePath(templateDir, PGLITE_PATH),
      })
    }
    // Without a version to name it by there is no template.
    expect(pgliteTemplatePath(templateDir, '/nowhere/dist/index.cjs')).toBeNull()
  })
})
