/** Tar images like the database templates PGlite's dumpDataDir writes, for tests. */

export const BLOCK = 512

export interface TarEntry {
  name: string
  /** Omitted for a folder. */
  content?: string
  /** The header's type flag: '0' file, '5' folder, '2' symbolic link… */
  type?: string
  prefix?: string
}

/** One ustar header as PGlite's dumpDataDir writes them. */
function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(BLOCK)
  const put = (value: string, start: number, length: number) =>
    block.write(value.slice(0, length), start, length, 'latin1')
  put(entry.name, 0, 100)
  put('0000644\0', 100, 8)
  put(`${size.toString(8).padStart(11, '0')}\0`, 124, 12)
  put(entry.type ?? (entry.content === undefined ? '5' : '0'), 156, 1)
  put('ustar\0', 257, 6)
  put('00', 263, 2)
  if (entry.prefix) put(entry.prefix, 345, 155)
  block.fill(0x20, 148, 156)
  const sum = block.reduce((total, byte) => total + byte, 0)
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8)
  return block
}

/** A tar image of `entries`, closed by two empty blocks unless `isCutOff`. */
export function tarOf(entries: readonly TarEntry[], isCutOff = false): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    const data = Buffer.from(entry.content ?? '', 'latin1')
    parts.push(header(entry, data.length))
    if (data.length > 0) {
      parts.push(data, Buffer.alloc(Math.ceil(data.length / BLOCK) * BLOCK - data.length))
    }
  }
  if (!isCutOff) parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}
