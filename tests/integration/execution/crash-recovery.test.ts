import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { migrateStore, openStore } from '../../../src-main/engine/store'
import { KrakenSimulator } from '../../fakes/kraken'
import { executionRepositories } from '../../helpers/execution-kit'
import { MIGRATIONS_DIR } from '../../helpers/test-store'

/*
 * Kills the engine process between "stored" and "sent", and between "sent" and
 * "acknowledged", restarts it on the same PGlite folder, and checks that reconciliation
 * leaves every order on the exchange exactly once and known to the books.
 */

// Each engine run is a fresh tsx process opening PGlite: seconds, not milliseconds.
describe(
  'crash between the write-ahead record and the exchange answer',
  { timeout: 240_000 },
  () => {
    const sim = new KrakenSimulator()
    let dataDir: string

    beforeAll(async () => {
      await sim.start()
    })

    afterAll(async () => {
      await sim.stop()
    })

    beforeEach(() => {
      sim.reset()
      sim.setBalance('USDT', '100000')
      sim.setBalance('BTC', '1')
      sim.setPrice('BTC/USDT', '30000.0')
      dataDir = mkdtempSync(join(tmpdir(), 'tg-crash-'))
      return () => rmSync(dataDir, { recursive: true, force: true })
    })

    interface EngineRun {
      status: number | null
      output: { report: Record<string, number>; success: boolean | null } | null
      stderr: string
    }

    /** Runs the engine child process; async, so this process keeps serving the simulator. */
    function runEngine(
      action: 'execute' | 'recover',
      extra: Record<string, string> = {},
    ): Promise<EngineRun> {
      return new Promise((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'tests/integration/execution/crash-child.ts'],
          {
            env: {
              ...process.env,
              DATA_DIR: dataDir,
              SIM_URL: sim.url,
              SIM_KEY: sim.credentials.apiKey,
              SIM_SECRET: sim.credentials.secret,
              ACTION: action,
              ...extra,
            },
          },
        )
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
        child.on('error', reject)
        child.on('close', (status) => {
          const line = stdout.trim().split('\n').at(-1) ?? ''
          resolve({
            status,
            output: line.startsWith('{') ? (JSON.parse(line) as EngineRun['output']) : null,
            stderr,
          })
        })
      })
    }

    async function books() {
      const store = await openStore({ driver: 'pglite', dataDir })
      await migrateStore(store, MIGRATIONS_DIR)
      try {
        const repositories = executionRepositories(store)
        return {
          orders: await repositories.orders.findByCorrelationId('crash-test'),
          positions: await repositories.positions.findOpen(),
        }
      } finally {
        await store.close()
      }
    }

    it('killed after "stored", before "sent": the restart sends the intent exactly once', async () => {
      const crashed = await runEngine('execute', { CRASH_AT: 'after-store' })
      expect(crashed.status, crashed.stderr).toBe(137)
      expect(sim.orders()).toEqual([])
      const before = await books()
      expect(before.orders.map((o) => [o.role, o.status, o.externalId])).toEqual([
        ['entry', 'PENDING', null],
      ])

      const restarted = await runEngine('recover')
      expect(restarted.status, restarted.stderr).toBe(0)
      expect(restarted.output?.report).toMatchObject({
        ordersChecked: 1,
        ordersResent: 1,
        ordersAbandoned: 0,
      })
      const after = await books()
      const entry = after.orders.find((o) => o.role === 'entry')!
      expect(entry).toMatchObject({ id: before.orders[0]!.id, status: 'FILLED' })
      const onExchange = sim.orders().filter((o) => o.clientOrderId === entry.clientOrderId)
      expect(onExchange.map((o) => o.txid)).toEqual([entry.externalId])
      expect(after.positions).toHaveLength(1)
      // the protective stop was placed by the restarted engine, once
      expect(sim.openOrders().map((o) => o.type)).toEqual(['stop-loss'])
      expect(after.orders.map((o) => o.role).sort()).toEqual(['entry', 'stop-loss'])
    })

    it('killed after "stored" with a stale intent: the restart cancels it and the exchange never sees it', async () => {
      expect((await runEngine('execute', { CRASH_AT: 'after-store' })).status).toBe(137)
      const restarted = await runEngine('recover', { RESUME_WITHIN_SECONDS: '0' })
      expect(restarted.status, restarted.stderr).toBe(0)
      expect(restarted.output?.report).toMatchObject({ ordersAbandoned: 1, ordersResent: 0 })
      const after = await books()
      expect(after.orders.map((o) => [o.status, o.externalId])).toEqual([['CANCELLED', null]])
      expect(after.orders[0]?.error).toContain('NOT_SENT')
      expect(sim.orders()).toEqual([])
    })

    it('killed after "sent", before "acknowledged": the restart adopts the order, no duplicate', async () => {
      const crashed = await runEngine('execute', { CRASH_AT: 'after-send' })
      expect(crashed.status, crashed.stderr).toBe(137)
      expect(sim.orders()).toHaveLength(1)
      const before = await books()
      expect(before.orders.map((o) => [o.status, o.externalId])).toEqual([['PENDING', null]])

      const restarted = await runEngine('recover')
      expect(restarted.status, restarted.stderr).toBe(0)
      expect(restarted.output?.report).toMatchObject({
        ordersChecked: 1,
        ordersResent: 0,
        ordersUpdated: 1,
      })
      const after = await books()
      const entry = after.orders.find((o) => o.role === 'entry')!
      expect(entry).toMatchObject({ status: 'FILLED', externalId: sim.orders()[0]!.txid })
      const entries = sim.orders().filter((o) => o.type === 'market')
      expect(entries).toHaveLength(1)
      expect(after.positions).toHaveLength(1)
      expect(sim.openOrders().map((o) => o.type)).toEqual(['stop-loss'])

      // a second restart changes nothing
      const again = await runEngine('recover')
      expect(again.output?.report).toMatchObject({
        ordersResent: 0,
        ordersAbandoned: 0,
        protectiveOrdersPlaced: 0,
      })
      expect(sim.orders()).toHaveLength(2)
    })

    it('runs cleanly without a crash', async () => {
      const run = await runEngine('execute')
      expect(run.status, run.stderr).toBe(0)
      expect(run.output?.success).toBe(true)
      expect(sim.orders()).toHaveLength(2)
    })
  },
)
