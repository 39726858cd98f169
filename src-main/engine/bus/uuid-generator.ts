import { randomFillSync } from 'node:crypto'

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/**
 * Returns a generator of random (version 4) UUIDs that draws entropy in blocks of
 * `blockSize` UUIDs. `crypto.randomUUID` refills its cache every 128 ids, and that refill
 * was the bus's main publish-latency spike at 10k messages/s; a 4,096-id block moves the
 * spike past the 99.9th percentile for the same total cost.
 */
export function createUuidGenerator(blockSize = 4_096): () => string {
  const entropy = new Uint8Array(16 * blockSize)
  let offset = entropy.length
  return () => {
    if (offset === entropy.length) {
      randomFillSync(entropy)
      offset = 0
    }
    const b = entropy
    const o = offset
    offset += 16
    return (
      HEX[b[o] as number]! +
      HEX[b[o + 1] as number]! +
      HEX[b[o + 2] as number]! +
      HEX[b[o + 3] as number]! +
      '-' +
      HEX[b[o + 4] as number]! +
      HEX[b[o + 5] as number]! +
      '-' +
      HEX[((b[o + 6] as number) & 0x0f) | 0x40]! +
      HEX[b[o + 7] as number]! +
      '-' +
      HEX[((b[o + 8] as number) & 0x3f) | 0x80]! +
      HEX[b[o + 9] as number]! +
      '-' +
      HEX[b[o + 10] as number]! +
      HEX[b[o + 11] as number]! +
      HEX[b[o + 12] as number]! +
      HEX[b[o + 13] as number]! +
      HEX[b[o + 14] as number]! +
      HEX[b[o + 15] as number]!
    )
  }
}
