import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const BLOCK = 512
/** Where a ustar header keeps each field (POSIX.1-1988). */
const FIELD = {
  name: [0, 100],
  size: [124, 12],
  checksum: [148, 8],
  type: [156, 1],
  magic: [257, 6],
  prefix: [345, 155],
} as const
const FILE_TYPES = new Set(['', '0'])
const FOLDER_TYPE = '5'

/**
 * Unpacks a database template (the tar image PGlite's `dumpDataDir` writes) into a new, empty
 * data folder with plain file writes, for PGlite to open as a folder that holds a cluster.
 * That takes about a tenth of a second for the 40 MB image, where PGlite's own restore writes
 * it through its WASM file system in over a second of every new folder's start (each replay
 * runs in one). Only the regular files and folders such an image holds are accepted; anything
 * else — a damaged header, a link, a path leaving the folder, a cut-off image, no PG_VERSION —
 * throws, naming what was wrong, and the caller lets PGlite restore the image instead.
 */
export function unpackTemplate(imagePath: string, folder: string): void {
  const image = readFileSync(imagePath)
  let hasVersionFile = false
  for (let offset = 0; ;) {
    if (offset + BLOCK > image.length) throw new Error(`template image ends without its end marker`)
    const header = image.subarray(offset, offset + BLOCK)
    if (header.every((byte) => byte === 0)) break
    const entry = readHeader(header, offset)
    const dataStart = offset + BLOCK
    const dataEnd = dataStart + entry.size
    if (dataEnd > image.length) throw new Error(`template entry ${entry.path} is cut off`)
    const target = join(folder, entry.path)
    if (entry.isFolder) {
      mkdirSync(target, { recursive: true, mode: 0o700 })
    } else {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
      writeFileSync(target, image.subarray(dataStart, dataEnd), { mode: 0o600 })
      if (entry.path === 'PG_VERSION') hasVersionFile = true
    }
    offset = dataStart + Math.ceil(entry.size / BLOCK) * BLOCK
  }
  if (!hasVersionFile) throw new Error('template image holds no PG_VERSION: not a cluster')
}

/** One header's entry: where it goes in the folder, whether it is a folder, and its size. */
function readHeader(
  header: Buffer,
  offset: number,
): { path: string; isFolder: boolean; size: number } {
  const stored = Number.parseInt(text(header, FIELD.checksum), 8)
  if (stored !== checksumOf(header)) {
    throw new Error(`template header at byte ${offset} is damaged (checksum)`)
  }
  const name = text(header, FIELD.name)
  const prefix = text(header, FIELD.magic).startsWith('ustar') ? text(header, FIELD.prefix) : ''
  const path = relativePath(prefix === '' ? name : `${prefix}/${name}`)
  const type = text(header, FIELD.type)
  const size = Number.parseInt(text(header, FIELD.size) || '0', 8)
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new Error(`template entry ${path} has no readable size`)
  }
  if (type === FOLDER_TYPE) return { path, isFolder: true, size: 0 }
  if (FILE_TYPES.has(type)) return { path, isFolder: false, size }
  throw new Error(`template entry ${path} is of type '${type}', not a file or folder`)
}

/** The header's field as text, up to its first NUL, without padding spaces. */
function text(header: Buffer, [start, length]: readonly [number, number]): string {
  const field = header.subarray(start, start + length)
  const end = field.indexOf(0)
  return field
    .subarray(0, end === -1 ? length : end)
    .toString('latin1')
    .trim()
}

/** The sum of the header's bytes with its checksum field read as spaces. */
function checksumOf(header: Buffer): number {
  const [start, length] = FIELD.checksum
  let sum = 0
  for (let index = 0; index < BLOCK; index++) {
    sum += index >= start && index < start + length ? 0x20 : (header[index] as number)
  }
  return sum
}

/** The entry's path inside the folder; one that would leave it, or names nothing, throws. */
function relativePath(stored: string): string {
  const parts = stored.split('/').filter((part) => part !== '' && part !== '.')
  if (parts.length === 0 || parts.includes('..')) {
    throw new Error(`template entry '${stored}' does not name a path inside the folder`)
  }
  return parts.join('/')
}
