import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import {
  DEFAULT_WINDOW_STATE,
  isOnScreen,
  WindowStateFile,
  type Rect,
  type TrackableWindow,
} from '../../../src-main/desktop/window-state'
import { mainWindowOptions } from '../../../src-main/desktop/window-options'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { captureLogger } from '../../fakes/desktop/capture-logger'

const SCREEN: Rect = { x: 0, y: 0, width: 1920, height: 1080 }
const SECOND: Rect = { x: 1920, y: 0, width: 2560, height: 1440 }

describe('WindowStateFile', () => {
  let folder: string
  let path: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'tg-window-'))
    path = join(folder, 'sub', 'window-state.json')
  })

  it('gives the defaults when nothing is remembered', async () => {
    expect(await new WindowStateFile(path, silentLogger()).load([SCREEN])).toEqual(
      DEFAULT_WINDOW_STATE,
    )
  })

  it('remembers size, position and maximized in an owner-only file', async () => {
    const file = new WindowStateFile(path, silentLogger())
    file.save({ bounds: { x: 2000.4, y: 100, width: 1500, height: 1000 }, isMaximized: true })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(await new WindowStateFile(path, silentLogger()).load([SCREEN, SECOND])).toEqual({
      bounds: { x: 2000, y: 100, width: 1500, height: 1000 },
      isMaximized: true,
    })
  })

  it('keeps the maximized flag but drops a position no display shows any more', async () => {
    const file = new WindowStateFile(path, silentLogger())
    file.save({ bounds: { x: 2000, y: 100, width: 1500, height: 1000 }, isMaximized: true })
    expect(await file.load([SCREEN])).toEqual({ bounds: null, isMaximized: true })
  })

  it.each([
    ['not JSON', '{'],
    ['a missing field', JSON.stringify({ bounds: { x: 0, y: 0, width: 800 }, isMaximized: false })],
    [
      'a tiny window',
      JSON.stringify({ bounds: { x: 0, y: 0, width: 10, height: 10 }, isMaximized: false }),
    ],
    [
      'text numbers',
      JSON.stringify({ bounds: { x: '0', y: 0, width: 800, height: 600 }, isMaximized: false }),
    ],
  ])('gives the defaults for a corrupt file (%s) and says so', async (_name, body) => {
    writeFileSync(join(folder, 'bad.json'), body)
    const { logger, lines } = captureLogger()
    expect(await new WindowStateFile(join(folder, 'bad.json'), logger).load([SCREEN])).toEqual(
      DEFAULT_WINDOW_STATE,
    )
    expect(lines.some((line) => line.level === 40)).toBe(true)
  })

  it('does not write bounds it could not read back', () => {
    const file = new WindowStateFile(path, silentLogger())
    file.save({ bounds: { x: 0, y: 0, width: Number.NaN, height: 600 }, isMaximized: false })
    expect(() => statSync(path)).toThrow()
  })

  it('saves the normal bounds when the window closes', () => {
    let onClose: (() => void) | undefined
    const window: TrackableWindow = {
      getNormalBounds: () => ({ x: 10, y: 20, width: 1200, height: 800 }),
      isMaximized: () => false,
      on: (_event, listener) => (onClose = listener),
    }
    new WindowStateFile(path, silentLogger()).track(window)
    onClose?.()
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      bounds: { x: 10, y: 20, width: 1200, height: 800 },
      isMaximized: false,
    })
  })

  it('reports a state it cannot save without stopping the window from closing', () => {
    writeFileSync(join(folder, 'file'), 'x')
    const { logger, lines } = captureLogger()
    let onClose: (() => void) | undefined
    // The parent "folder" is a file, so the write fails.
    new WindowStateFile(join(folder, 'file', 'state.json'), logger).track({
      getNormalBounds: () => SCREEN,
      isMaximized: () => false,
      on: (_event, listener) => (onClose = listener),
    })
    expect(() => onClose?.()).not.toThrow()
    expect(lines.some((line) => line.msg === 'window state not saved')).toBe(true)
  })
})

describe('isOnScreen', () => {
  it.each([
    ['fully on the screen', { x: 100, y: 100, width: 800, height: 600 }, [SCREEN], true],
    ['on the second display', { x: 2500, y: 200, width: 800, height: 600 }, [SCREEN, SECOND], true],
    ['half off the right edge', { x: 1500, y: 0, width: 800, height: 600 }, [SCREEN], true],
    ['on an unplugged display', { x: 2500, y: 200, width: 800, height: 600 }, [SCREEN], false],
    ['above every display', { x: 100, y: -700, width: 800, height: 600 }, [SCREEN], false],
    ['a sliver on the right edge', { x: 1890, y: 100, width: 800, height: 600 }, [SCREEN], false],
    ['a sliver at the bottom', { x: 100, y: 1050, width: 800, height: 600 }, [SCREEN], false],
  ])('%s', (_name, bounds, displays, expected) => {
    expect(isOnScreen(bounds, displays)).toBe(expected)
  })
})

describe('mainWindowOptions with remembered bounds', () => {
  it('places the window where it was', () => {
    expect(mainWindowOptions('/p.cjs', { x: 1, y: 2, width: 1300, height: 700 })).toMatchObject({
      x: 1,
      y: 2,
      width: 1300,
      height: 700,
    })
  })

  it('uses the default size and lets the OS place it without bounds', () => {
    const options = mainWindowOptions('/p.cjs')
    expect(options).toMatchObject({ width: 1440, height: 900 })
    expect(options.x).toBeUndefined()
  })
})
