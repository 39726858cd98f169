import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { CommandError } from '../../src-shared/result'
import type { WritableKeyStore } from '../engine/engine-parts'
import type { Logger } from '../engine/logging/logger'

/** The part of Electron's `safeStorage` the key store uses (a fake in tests). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

/** The file's shape: one base64 ciphertext per entry name (provider or `kraken_secret`). */
const keyFileSchema = z.strictObject({
  version: z.literal(1),
  entries: z.record(z.string().min(1), z.string().min(1)),
})

type KeyFile = z.infer<typeof keyFileSchema>

export interface SafeStorageKeyStoreOptions {
  safeStorage: SafeStorageLike
  /** The JSON file in userData that holds the ciphertexts. */
  filePath: string
  logger: Logger
}

/**
 * API keys entered in the UI, encrypted with the OS keychain through Electron's `safeStorage`
 * and kept as base64 ciphertexts in a JSON file readable only by the owner (0600). A corrupt
 * file is reported and read as empty; a key that no longer decrypts reads as absent. Key
 * values never reach a log.
 */
export class SafeStorageKeyStore implements WritableKeyStore {
  private cache: KeyFile | null = null
  /**
   * Changes run one after another: two at once would both start from the same entries (one
   * key lost) and share the temporary file (one rename failing).
   */
  private changes: Promise<void> = Promise.resolve()

  constructor(private readonly options: SafeStorageKeyStoreOptions) {}

  /** Returns the decrypted key for `provider`, or null when none is stored or it is unreadable. */
  async get(provider: string): Promise<string | null> {
    const encrypted = (await this.load()).entries[provider]
    if (encrypted === undefined) return null
    if (!this.options.safeStorage.isEncryptionAvailable()) {
      this.options.logger.warn({ provider }, 'encrypted key storage unavailable; key not read')
      return null
    }
    try {
      return this.options.safeStorage.decryptString(Buffer.from(encrypted, 'base64'))
    } catch (error) {
      this.options.logger.warn(
        { provider, reason: error instanceof Error ? error.message : String(error) },
        'stored key cannot be decrypted; treated as absent',
      )
      return null
    }
  }

  /**
   * Encrypts and stores keys (provider → key) in one write, so a pair such as Kraken's key and
   * secret is never half replaced; refuses (UNAVAILABLE) when the OS offers no encryption.
   */
  async set(entries: Readonly<Record<string, string>>): Promise<void> {
    if (!this.options.safeStorage.isEncryptionAvailable()) {
      throw new CommandError(
        'UNAVAILABLE',
        'encrypted key storage is not available on this system (no OS keychain); ' +
          'set the key through its environment variable instead',
      )
    }
    // Every value is encrypted before anything is written: one that cannot be stores none.
    const encrypted = Object.fromEntries(
      Object.entries(entries).map(([provider, value]) => [
        provider,
        this.options.safeStorage.encryptString(value).toString('base64'),
      ]),
    )
    await this.change(async () => {
      const current = await this.load()
      await this.write({ ...current, entries: { ...current.entries, ...encrypted } })
    })
    this.options.logger.info({ providers: Object.keys(entries) }, 'API keys stored (encrypted)')
  }

  /** Removes the named keys in one write; nothing happens when none is stored. */
  async clear(names: readonly string[]): Promise<void> {
    const removed = await this.change(async () => {
      const current = await this.load()
      const present = names.filter((name) => name in current.entries)
      if (present.length === 0) return present
      const entries = { ...current.entries }
      for (const name of present) delete entries[name]
      await this.write({ ...current, entries })
      return present
    })
    if (removed.length > 0) this.options.logger.info({ providers: removed }, 'API keys removed')
  }

  /** Tells whether a key is stored for `provider` (without decrypting it). */
  async has(provider: string): Promise<boolean> {
    return provider in (await this.load()).entries
  }

  /** Runs a read-modify-write of the file after the changes queued before it. */
  private change<T>(work: () => Promise<T>): Promise<T> {
    const run = this.changes.then(work)
    this.changes = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  private async load(): Promise<KeyFile> {
    if (this.cache) return this.cache
    this.cache = await this.readFile()
    return this.cache
  }

  private async readFile(): Promise<KeyFile> {
    const { filePath, logger } = this.options
    let text: string
    try {
      text = await readFile(filePath, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        logger.error(
          { file: filePath, code: (error as NodeJS.ErrnoException).code },
          'key file unreadable; no stored keys',
        )
      }
      return emptyKeyFile()
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      logger.error({ file: filePath }, 'key file is not JSON; treated as empty')
      return emptyKeyFile()
    }
    const parsed = keyFileSchema.safeParse(json)
    if (!parsed.success) {
      logger.error(
        { file: filePath, issues: parsed.error.issues.map((issue) => issue.message).join('; ') },
        'key file is malformed; treated as empty',
      )
      return emptyKeyFile()
    }
    return parsed.data
  }

  /** Writes through a temporary file and a rename, so a crash never leaves half a file. */
  private async write(next: KeyFile): Promise<void> {
    const { filePath } = this.options
    await mkdir(dirname(filePath), { recursive: true })
    const temporary = `${filePath}.tmp`
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 })
    await chmod(temporary, 0o600)
    await rename(temporary, filePath)
    this.cache = next
  }
}

function emptyKeyFile(): KeyFile {
  return { version: 1, entries: {} }
}
