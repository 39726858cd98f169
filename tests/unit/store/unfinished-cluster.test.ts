import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  startGuardingNewFolder,
  unfinishedMarkerPath,
} from '../../../src-main/engine/store/unfinished-cluster'

const newFolder = () => join(mkdtempSync(join(tmpdir(), 'tg-unfinished-')), 'db', 'pgdata')

describe('a new database folder guarded while its cluster is made', () => {
  it('is marked while the start runs and unmarked once it is ready', async () => {
    const folder = newFolder()
    const seen = await startGuardingNewFolder(folder, async () => {
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'PG_VERSION'), '17')
      return existsSync(unfinishedMarkerPath(folder))
    })
    expect(seen).toBe(true)
    expect(existsSync(unfinishedMarkerPath(folder))).toBe(false)
    expect(readdirSync(folder)).toEqual(['PG_VERSION'])
  })

  it('stays marked when the start fails, and is emptied before the next start', async () => {
    const folder = newFolder()
    const failing = startGuardingNewFolder(folder, async () => {
      mkdirSync(folder, { recursive: true })
      writeFileSync(join(folder, 'half-written'), 'x')
      throw new Error('PGlite failed to initialize properly')
    })
    await expect(failing).rejects.toThrow('failed to initialize')
    expect(existsSync(unfinishedMarkerPath(folder))).toBe(true)

    const contents = await startGuardingNewFolder(folder, async () =>
      existsSync(folder) ? readdirSync(folder) : [],
    )
    expect(contents).toEqual([])
    expect(existsSync(unfinishedMarkerPath(folder))).toBe(false)
  })

  it('leaves a folder that holds a database alone, and marks nothing for it', async () => {
    const folder = newFolder()
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'PG_VERSION'), '17')
    const marked = await startGuardingNewFolder(folder, async () =>
      existsSync(unfinishedMarkerPath(folder)),
    )
    expect(marked).toBe(false)
    expect(readdirSync(folder)).toEqual(['PG_VERSION'])
  })

  it('has nothing to guard in memory', async () => {
    expect(await startGuardingNewFolder('memory', async () => 'started')).toBe('started')
  })
})
