import type { SafeStorageLike } from '../../../src-main/desktop/safe-storage-key-store'

/** Stands in for Electron's safeStorage: a reversible, visibly non-plain "encryption". */
export class FakeSafeStorage implements SafeStorageLike {
  available = true

  isEncryptionAvailable(): boolean {
    return this.available
  }

  encryptString(plainText: string): Buffer {
    return Buffer.from(`enc:${[...plainText].reverse().join('')}`, 'utf8')
  }

  decryptString(encrypted: Buffer): string {
    const text = encrypted.toString('utf8')
    if (!text.startsWith('enc:')) throw new Error('cannot decrypt')
    return [...text.slice(4)].reverse().join('')
  }
}
