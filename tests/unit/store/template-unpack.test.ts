import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { unpackTemplate } from '../../../src-main/engine/store/template-unpack'
import { BLOCK, tarOf, type TarEntry } from '../../helpers/tar-image'

function imageFile(image: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tg-unpack-')), 'template.tar')
  writeFileSync(path, image)
  return path
}

const newFolder = () => join(mkdtempSync(join(tmpdir(), 'tg-unpack-')), 'pgdata')

const CLUSTER: TarEntry[] = [
  { name: '/PG_VERSION', content: '17\n' },
  { name: '/base' },
  { name: '/base/1' },
  { name: '/base/1/1247', content: 'x'.repeat(BLOCK * 2 + 7) },
  { name: '/global/pg_control', content: 'control' },
  { name: '1259_fsm', prefix: 'base/5', content: 'in a long path' },
]

describe('unpackTemplate', () => {
  it('writes the files and folders of the image into the folder, readable by its owner only', () => {
    const folder = newFolder()
    unpackTemplate(imageFile(tarOf(CLUSTER)), folder)
    expect(readdirSync(folder).sort()).toEqual(['PG_VERSION', 'base', 'global'])
    expect(readFileSync(join(folder, 'PG_VERSION'), 'utf8')).toBe('17\n')
    expect(readFileSync(join(folder, 'base/1/1247'), 'utf8')).toBe('x'.repeat(BLOCK * 2 + 7))
    expect(readFileSync(join(folder, 'global/pg_control'), 'utf8')).toBe('control')
    expect(readFileSync(join(folder, 'base/5/1259_fsm'), 'utf8')).toBe('in a long path')
    expect(statSync(join(folder, 'PG_VERSION')).mode & 0o777).toBe(0o600)
    expect(statSync(join(folder, 'base/1')).mode & 0o777).toBe(0o700)
  })

  it.each([
    ['a header whose checksum does not match', damaged(tarOf(CLUSTER)), /damaged \(checksum\)/],
    ['an image cut off in an entry', tarOf(CLUSTER).subarray(0, BLOCK * 5), /is cut off/],
    ['an image without its end marker', tarOf(CLUSTER, true), /without its end marker/],
    ['a link', tarOf([...CLUSTER, { name: '/base/link', type: '2' }]), /type '2'/],
    [
      'a path leaving the folder',
      tarOf([{ name: '../outside', content: 'x' }]),
      /inside the folder/,
    ],
    ['an image without PG_VERSION', tarOf([{ name: '/base' }]), /no PG_VERSION/],
    ['text that is no tar', Buffer.from('not a tar of a PostgreSQL cluster'), /end marker/],
  ])('refuses %s, saying what was wrong', (_, image, message) => {
    const folder = newFolder()
    expect(() => unpackTemplate(imageFile(image), folder)).toThrow(message)
    expect(existsSync(join(folder, '..', 'outside'))).toBe(false)
  })
})

/** The image with one byte of its first header's name changed. */
function damaged(image: Buffer): Buffer {
  const copy = Buffer.from(image)
  copy[1] = (copy[1] as number) ^ 0x01
  return copy
}
