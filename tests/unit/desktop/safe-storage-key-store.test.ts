import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { SafeStorageKeyStore } from '../../../src-main/desktop/safe-storage-key-store'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { CommandError } from '../../../src-shared/result'
import { captureLogger } from '../../fakes/desktop/capture-logger'
import { FakeSafeStorage } from '../../fakes/desktop/fake-safe-storage'

const SECRET = 'sk-live-very-secret-value'

describe('SafeStorageKeyStore', () => {
  let folder: string
  let filePath: string
  let safeStorage: FakeSafeStorage

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tg-keys-'))
    filePath = join(folder, 'nested', 'api-keys.json')
    safeStorage = new FakeSafeStorage()
  })

  const open = (logger = silentLogger()) =>
    new SafeStorageKeyStore({ safeStorage, filePath, logger })

  it('reads nothing when no file exists', async () => {
    const store = open()
    expect(await store.get('openai')).toBeNull()
    expect(await store.has('openai')).toBe(false)
    expect(existsSync(filePath)).toBe(false)
  })

  it('stores keys encrypted in an owner-only file and reads them back in a new instance', async () => {
    await open().set({ openai: SECRET })
    const text = readFileSync(filePath, 'utf8')
    expect(text).not.toContain(SECRET)
    const saved = JSON.parse(text) as { version: number; entries: Record<string, string> }
    expect(saved.version).toBe(1)
    expect(Buffer.from(saved.entries.openai as string, 'base64').toString()).toMatch(/^enc:/)
    expect(statSync(filePath).mode & 0o777).toBe(0o600)
    expect(existsSync(`${filePath}.tmp`)).toBe(false)

    const reopened = open()
    expect(await reopened.get('openai')).toBe(SECRET)
    expect(await reopened.has('openai')).toBe(true)
  })

  it('keeps other entries when one is set or cleared', async () => {
    const store = open()
    await store.set({ kraken: 'key', kraken_secret: 'secret' })
    await store.clear(['kraken'])
    const reopened = open()
    expect(await reopened.get('kraken')).toBeNull()
    expect(await reopened.get('kraken_secret')).toBe('secret')
  })

  it('keeps every key when several are set and cleared at once', async () => {
    // Two Settings saves can reach the store together (IPC and HTTP calls run concurrently).
    const store = open()
    await store.set({ xai: 'xai-key-1' })
    await Promise.all([
      store.set({ openai: 'openai-key' }),
      store.set({ anthropic: 'anthropic-key' }),
      store.clear(['xai']),
      store.set({ deepseek: 'deepseek-key' }),
    ])
    const reopened = open()
    expect(await reopened.get('openai')).toBe('openai-key')
    expect(await reopened.get('anthropic')).toBe('anthropic-key')
    expect(await reopened.get('deepseek')).toBe('deepseek-key')
    expect(await reopened.has('xai')).toBe(false)
  })

  it('replaces a pair of entries together or not at all', async () => {
    const store = open()
    await store.set({ kraken: 'old-key', kraken_secret: 'old-secret' })
    // The secret fails to encrypt after the key did: neither may be written, or the new key
    // would be read with the old secret.
    const encrypt = safeStorage.encryptString.bind(safeStorage)
    safeStorage.encryptString = (plain) => {
      if (plain === 'new-secret') throw new Error('keychain locked')
      return encrypt(plain)
    }
    await expect(store.set({ kraken: 'new-key', kraken_secret: 'new-secret' })).rejects.toThrow(
      'keychain locked',
    )
    const reopened = open()
    expect(await reopened.get('kraken')).toBe('old-key')
    expect(await reopened.get('kraken_secret')).toBe('old-secret')

    await store.clear(['kraken', 'kraken_secret'])
    expect(await open().has('kraken')).toBe(false)
    expect(await open().has('kraken_secret')).toBe(false)
  })

  it('ignores clearing a key that is not stored', async () => {
    const store = open()
    await store.clear(['anthropic'])
    expect(existsSync(filePath)).toBe(false)
  })

  it('refuses to store a key when encryption is unavailable, with a clear UNAVAILABLE error', async () => {
    safeStorage.available = false
    const store = open()
    const attempt = store.set({ openai: SECRET })
    await expect(attempt).rejects.toBeInstanceOf(CommandError)
    await expect(store.set({ openai: SECRET })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('environment variable'),
    })
    expect(existsSync(filePath)).toBe(false)
  })

  it('reads a stored key as absent when encryption has become unavailable', async () => {
    await open().set({ openai: SECRET })
    safeStorage.available = false
    const { logger, text } = captureLogger()
    expect(await open(logger).get('openai')).toBeNull()
    expect(text()).toContain('unavailable')
  })

  it('reads a key that no longer decrypts as absent and says so', async () => {
    writeFileSync(
      join(folder, 'stale.json'),
      JSON.stringify({
        version: 1,
        entries: { openai: Buffer.from('garbage').toString('base64') },
      }),
    )
    const { logger, lines } = captureLogger()
    const store = new SafeStorageKeyStore({
      safeStorage,
      filePath: join(folder, 'stale.json'),
      logger,
    })
    expect(await store.get('openai')).toBeNull()
    expect(lines.some((line) => String(line.msg).includes('cannot be decrypted'))).toBe(true)
  })

  it.each([
    ['not JSON', '{ this is not json'],
    ['the wrong shape', JSON.stringify({ version: 2, entries: {} })],
    ['non-string entries', JSON.stringify({ version: 1, entries: { openai: 42 } })],
    ['extra fields', JSON.stringify({ version: 1, entries: {}, plain: 'x' })],
  ])('reports a corrupt file (%s), reads it as empty and can overwrite it', async (_name, body) => {
    const path = join(folder, 'corrupt.json')
    writeFileSync(path, body)
    const { logger, lines } = captureLogger()
    const store = new SafeStorageKeyStore({ safeStorage, filePath: path, logger })
    expect(await store.get('openai')).toBeNull()
    expect(lines.some((line) => line.level === 50 && line.file === path)).toBe(true)
    await store.set({ openai: SECRET })
    expect(
      await new SafeStorageKeyStore({ safeStorage, filePath: path, logger }).get('openai'),
    ).toBe(SECRET)
  })

  it('reports an unreadable file and reads it as empty', async () => {
    const { logger, lines } = captureLogger()
    // A folder where the file should be: reading fails with EISDIR, not ENOENT.
    const store = new SafeStorageKeyStore({ safeStorage, filePath: folder, logger })
    expect(await store.get('openai')).toBeNull()
    expect(lines.some((line) => line.code === 'EISDIR')).toBe(true)
  })

  it('never writes a key value to the log', async () => {
    const { logger, text, lines } = captureLogger()
    const store = open(logger)
    await store.set({ openai: SECRET })
    await store.get('openai')
    await store.clear(['openai'])
    expect(lines.length).toBeGreaterThan(0)
    expect(text()).not.toContain(SECRET)
  })
})
