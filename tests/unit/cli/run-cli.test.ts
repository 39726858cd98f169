import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveAppPaths, storeOptionsFor } from '../../../src-main/app-paths'
import { parseArgs, UsageError } from '../../../src-main/cli/cli-io'
import { runCli } from '../../../src-main/cli/run-cli'
import { DataFolderLock } from '../../../src-main/engine/store'
import { captureIo } from '../../helpers/capture-io'
import { copyConfig, editConfig } from '../../helpers/config-fixture'
import { latestMigration } from '../../helpers/test-store'

const pathsWith = (env: Record<string, string>) => resolveAppPaths(env)

describe('triplegain CLI', () => {
  it('config check prints OK for the shipped config', async () => {
    const io = captureIo()
    expect(await runCli(['config', 'check'], pathsWith({}), io)).toBe(0)
    expect(io.stdout[0]).toMatch(/^OK: 6 config files valid in .*config$/)
  })

  it('config check --config-dir names every problem and exits non-zero', async () => {
    const folder = copyConfig()
    editConfig(folder, 'orchestration.yaml', 'interval_seconds: 60', 'interval_seconds: "abc"')
    editConfig(folder, 'execution.yaml', 'max_per_symbol: 2', 'max_per_symbol: -2')
    const io = captureIo()
    expect(await runCli(['config', 'check', '--config-dir', folder], pathsWith({}), io)).toBe(1)
    expect(io.stderr).toEqual([
      'config/orchestration.yaml: coordinator.schedules.technical_analysis.interval_seconds: expected a positive integer, got "abc"',
      'config/execution.yaml: execution.positions.max_per_symbol: expected a positive integer, got -2',
      `2 problems in ${folder}`,
    ])
  })

  it('config check prints warnings without failing', async () => {
    const folder = copyConfig()
    editConfig(folder, 'portfolio.yaml', 'BTC: 33.33', 'BTC: 40')
    const io = captureIo()
    expect(await runCli(['config', 'check', `--config-dir=${folder}`], pathsWith({}), io)).toBe(0)
    expect(io.stderr[0]).toMatch(/^warning: .*sum to 106.67 %/)
  })

  it('db migrate applies migrations twice in a row on PGlite', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-cli-'))
    const latest = latestMigration()
    for (let run = 0; run < 2; run++) {
      const io = captureIo({ TRIPLEGAIN_DATA_DIR: dataDir })
      const code = await runCli(['db', 'migrate'], pathsWith({ TRIPLEGAIN_DATA_DIR: dataDir }), io)
      expect(io.stderr).toEqual([])
      expect(code).toBe(0)
      expect(io.stdout).toEqual([
        `OK: schema version ${latest.version} (${latest.tag}) on pglite at ${join(dataDir, 'db')}`,
      ])
    }
  })

  it('db migrate reports an unreachable PostgreSQL in one line', async () => {
    const io = captureIo({ DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none' })
    expect(await runCli(['db', 'migrate'], pathsWith({}), io)).toBe(1)
    expect(io.stderr).toHaveLength(1)
    expect(io.stderr[0]).toMatch(/^error: /)
    expect(io.stderr[0]).not.toContain('secret')
  })

  it.each([[['--help']], [['help']], [['serve', '--help']]])(
    'prints the usage and exits 0 for %j',
    async (argv) => {
      const io = captureIo()
      expect(await runCli(argv, pathsWith({}), io)).toBe(0)
      expect(io.stdout.join('\n')).toContain('usage: npm run triplegain')
      expect(io.stderr).toEqual([])
    },
  )

  it.each([
    [[], 'error: no command given'],
    [['config', 'nope'], 'error: unknown command: config nope'],
    [['config', 'check', '--config-dir'], 'error: --config-dir needs a value'],
    [
      ['serve', '--prot', '8081'],
      'error: unknown option --prot for serve (it takes --host, --port, --market, --data, --speed, --mode, --confirm-live)',
    ],
    [
      ['db', 'migrate', '--force', 'yes'],
      'error: unknown option --force for db migrate (it takes no options)',
    ],
    [['serve', '--market', 'bogus'], 'error: --market must be auto, live, replay, got bogus'],
    [['serve', '--mode', 'bogus'], 'error: --mode must be paper, live, got bogus'],
    [['serve', '--mode', 'replay'], 'error: --mode must be paper, live, got replay'],
    [['serve', '--port', 'abc'], 'error: --port must be a whole number from 0 to 65535, got abc'],
    [
      ['serve', '--port', '99999'],
      'error: --port must be a whole number from 0 to 65535, got 99999',
    ],
    [
      ['replay', '--from', '2021-05-11', '--to', '2021-05-10'],
      'error: --from must be before --to, got --from 2021-05-11 --to 2021-05-10',
    ],
    [
      ['replay', '--data', '/tmp/none/BTCUSDT_1m.csv'],
      'error: --data /tmp/none/BTCUSDT_1m.csv: no such file',
    ],
  ])('usage errors exit 2: %j', async (argv, message) => {
    const io = captureIo()
    expect(await runCli(argv, pathsWith({}), io)).toBe(2)
    expect(io.stderr[0]).toBe(message)
    expect(io.stderr[1]).toContain('usage: npm run triplegain')
  })
})

describe('triplegain serve', () => {
  it('checks its flags before it starts the database: a bad flag is named, not a busy folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tg-cli-serve-'))
    const env = { TRIPLEGAIN_DATA_DIR: dataDir }
    // Another process (our parent's pid, alive) holds the store folder: starting the store
    // would be refused.
    const storeOptions = storeOptionsFor(env, { dataDir })
    if (storeOptions.driver !== 'pglite') throw new Error('expected the PGlite store')
    const busy = DataFolderLock.acquire(storeOptions.dataDir, process.ppid)
    try {
      const io = captureIo(env)
      expect(await runCli(['serve', '--port', 'abc'], pathsWith(env), io)).toBe(2)
      expect(io.stderr[0]).toBe('error: --port must be a whole number from 0 to 65535, got abc')
    } finally {
      busy.release()
    }
  }, 60_000)
})

describe('parseArgs', () => {
  it('collects positional words, repeated flags and boolean flags', () => {
    const args = parseArgs(
      ['replay', '--data', 'a.csv', '--data=b.csv', '--fast', 'x'],
      new Set(['fast']),
    )
    expect(args.positional).toEqual(['replay', 'x'])
    expect(args.flags.get('data')).toEqual(['a.csv', 'b.csv'])
    expect(args.flags.get('fast')).toEqual(['true'])
    expect(() => parseArgs(['--data'])).toThrow(UsageError)
  })
})

describe('app paths', () => {
  it('uses TRIPLEGAIN_DATA_DIR, else Electron userData, else ~/.triplegain', () => {
    expect(resolveAppPaths({ TRIPLEGAIN_DATA_DIR: '/tmp/x' }).dataDir).toBe('/tmp/x')
    expect(resolveAppPaths({}, { electronUserData: '/u' }).dataDir).toBe('/u')
    expect(resolveAppPaths({}).dataDir).toMatch(/\.triplegain$/)
    expect(resolveAppPaths({ TRIPLEGAIN_CONFIG_DIR: '/c' }).userConfigDir).toBe('/c')
  })

  it('keeps the cache in the data folder unless TRIPLEGAIN_CACHE_DIR says where', () => {
    expect(resolveAppPaths({ TRIPLEGAIN_DATA_DIR: '/tmp/x' }).cacheDir).toBe('/tmp/x/cache')
    expect(resolveAppPaths({ TRIPLEGAIN_CACHE_DIR: '/c2' }).cacheDir).toBe('/c2')
  })

  it('chooses PostgreSQL when DATABASE_URL is set', () => {
    expect(storeOptionsFor({ DATABASE_URL: 'postgres://x' }, { dataDir: '/d' })).toEqual({
      driver: 'postgres',
      url: 'postgres://x',
    })
    expect(storeOptionsFor({}, { dataDir: '/d' })).toEqual({
      driver: 'pglite',
      dataDir: '/d/db',
      isOnThread: true,
    })
  })

  it("starts a new PGlite folder from the template in the installation's cache", () => {
    expect(storeOptionsFor({}, { dataDir: '/d/replays/r1', cacheDir: '/d/cache' })).toEqual({
      driver: 'pglite',
      dataDir: '/d/replays/r1/db',
      isOnThread: true,
      templateDir: '/d/cache',
    })
  })
})
