import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgliteThread } from '../../../src-main/engine/store/pglite-thread/pglite-thread'
import { migrateStore, openStore } from '../../../src-main/engine/store'
import { MIGRATIONS_DIR } from '../../helpers/test-store'

describe('PGlite on a worker thread', () => {
  let thread: PgliteThread
  beforeAll(async () => {
    thread = await PgliteThread.open('memory')
    await thread.session.exec('CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL)')
  })
  afterAll(async () => {
    await thread.close()
  })

  it("starts PostgreSQL with the app's settings: a 32 MB buffer pool", async () => {
    const shown = await thread.session.query('SHOW shared_buffers')
    expect(shown.rows).toEqual([{ shared_buffers: '32MB' }])
  })

  it('answers queries with parameters, in array or object rows', async () => {
    await thread.session.query('INSERT INTO items VALUES ($1, $2), ($3, $4)', [1, 'a', 2, 'b'])
    const objects = await thread.session.query('SELECT id, name FROM items ORDER BY id')
    expect(objects.rows).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ])
    const arrays = await thread.session.query('SELECT id, name FROM items WHERE id = $1', [2], {
      rowMode: 'array',
    })
    expect(arrays.rows).toEqual([[2, 'b']])
    expect(arrays.fields.map((field) => field.name)).toEqual(['id', 'name'])
  })

  it('keeps values as text for the types drizzle asks to keep', async () => {
    const at = "'2025-01-06 12:00:00+00'::timestamptz"
    const parsed = await thread.session.query(`SELECT ${at} AS at`)
    expect(parsed.rows[0]).toEqual({ at: new Date('2025-01-06T12:00:00Z') })
    const text = await thread.session.query(`SELECT ${at} AS at`, [], {
      parsers: { 1184: (value: unknown) => value },
    })
    expect(text.rows[0]).toEqual({ at: '2025-01-06 12:00:00+00' })
  })

  it('rejects with the database error and its code, and goes on answering', async () => {
    const failure = thread.session.query('INSERT INTO items VALUES (1, $1)', ['again'])
    await expect(failure).rejects.toMatchObject({
      message: expect.stringContaining('duplicate key'),
      code: '23505',
    })
    const rows = await thread.session.query('SELECT count(*)::int AS n FROM items')
    expect(rows.rows).toEqual([{ n: 2 }])
  })

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await thread.session.transaction(async (tx) => {
      await tx.query('INSERT INTO items VALUES (10, $1)', ['kept'])
    })
    await expect(
      thread.session.transaction(async (tx) => {
        await tx.query('INSERT INTO items VALUES (11, $1)', ['dropped'])
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const rows = await thread.session.query('SELECT id FROM items WHERE id >= 10')
    expect(rows.rows).toEqual([{ id: 10 }])
  })

  it('counts in flight only what the clock must wait for', async () => {
    expect(thread.whenIdle()).toBeNull()
    const behind = thread.background.query('SELECT pg_sleep(0.05)')
    expect(thread.whenIdle()).toBeNull()
    const awaited = thread.session.query('SELECT 1 AS one')
    const idle = thread.whenIdle()
    expect(idle).toBeInstanceOf(Promise)
    await idle
    // Requests run in the order sent: the awaited read came after the background write.
    await expect(behind).resolves.toBeDefined()
    await expect(awaited).resolves.toMatchObject({ rows: [{ one: 1 }] })
    expect(thread.whenIdle()).toBeNull()
  })

  it('refuses requests after it was closed, with a clear error', async () => {
    const closed = await PgliteThread.open('memory')
    await closed.close()
    await expect(closed.session.query('SELECT 1')).rejects.toThrow('PGlite worker is closed')
  })
})

describe('a store on a PGlite thread', () => {
  it('persists in its data folder across reopening', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-pglite-thread-'))
    const first = await openStore({ driver: 'pglite', dataDir, isOnThread: true })
    await migrateStore(first, MIGRATIONS_DIR)
    await first.execute(
      "INSERT INTO hodl_bags (asset, amount, updated_at) VALUES ('BTC', 0.25, now())",
    )
    expect(first.whenIdle()).toBeNull()
    await first.close()
    const reopened = await openStore({ driver: 'pglite', dataDir, isOnThread: true })
    expect(await reopened.execute('SELECT amount::text AS amount FROM hodl_bags')).toEqual([
      { amount: '0.25' },
    ])
    await reopened.close()
  })
})
