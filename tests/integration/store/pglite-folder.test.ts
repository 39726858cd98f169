import { spawnSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrateStore, openStore } from '../../../src-main/engine/store'
import { MIGRATIONS_DIR } from '../../helpers/test-store'

describe('PGlite in a data folder', () => {
  it('persists across reopen and refuses a second process with a clear error', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-pglite-'))
    const first = await openStore({ driver: 'pglite', dataDir })
    await migrateStore(first, MIGRATIONS_DIR)
    await first.execute(
      "INSERT INTO hodl_bags (asset, amount, updated_at) VALUES ('XRP', 1.5, now())",
    )

    const second = spawnSync('npx', ['tsx', 'tests/helpers/open-store-process.ts', dataDir], {
      encoding: 'utf8',
    })
    expect(second.status).toBe(3)
    expect(second.stdout).toContain('DataFolderLockedError: the database folder is in use')
    expect(second.stdout).toContain(`pid=${process.pid}`)

    await first.close()
    const reopened = await openStore({ driver: 'pglite', dataDir })
    const rows = await reopened.execute('SELECT amount::text AS amount FROM hodl_bags')
    expect(rows).toEqual([{ amount: '1.5' }])
    // In this thread as on the worker, PostgreSQL starts with the app's settings.
    expect(await reopened.execute('SHOW shared_buffers')).toEqual([{ shared_buffers: '32MB' }])
    await reopened.close()
  })
})
