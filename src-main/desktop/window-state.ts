import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import type { Logger } from '../engine/logging/logger'

/** A rectangle in screen coordinates (a window's bounds or a display's work area). */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

/** What is remembered of the main window between runs. */
export interface WindowState {
  /** Null: let the OS place a window of the default size. */
  bounds: Rect | null
  isMaximized: boolean
}

export const DEFAULT_WINDOW_STATE: WindowState = { bounds: null, isMaximized: false }

/** How much of a window must lie on one display to count as reachable. */
const MIN_VISIBLE = { width: 100, height: 50 }

const coordinate = z.number().int().min(-100_000).max(100_000)
const extent = z.number().int().min(200).max(100_000)
const windowStateSchema = z.strictObject({
  bounds: z.strictObject({ x: coordinate, y: coordinate, width: extent, height: extent }),
  isMaximized: z.boolean(),
})

/** The part of a BrowserWindow whose state is remembered. */
export interface TrackableWindow {
  getNormalBounds(): Rect
  isMaximized(): boolean
  on(event: 'close', listener: () => void): unknown
}

/**
 * Remembers the main window's size, position and maximized state in a JSON file in userData.
 * A corrupt file, or bounds no display shows any more (a monitor unplugged), give the defaults.
 */
export class WindowStateFile {
  constructor(
    private readonly filePath: string,
    private readonly logger: Logger,
  ) {}

  /** Reads the remembered state, checked against the displays' work areas. */
  async load(displays: readonly Rect[]): Promise<WindowState> {
    let json: unknown
    try {
      json = JSON.parse(await readFile(this.filePath, 'utf8'))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.logger.warn({ file: this.filePath }, 'window state unreadable; using defaults')
      return DEFAULT_WINDOW_STATE
    }
    const parsed = windowStateSchema.safeParse(json)
    if (!parsed.success) {
      this.logger.warn({ file: this.filePath }, 'window state malformed; using defaults')
      return DEFAULT_WINDOW_STATE
    }
    if (!isOnScreen(parsed.data.bounds, displays)) {
      this.logger.info('remembered window position is off-screen; using defaults')
      return { bounds: null, isMaximized: parsed.data.isMaximized }
    }
    return parsed.data
  }

  /**
   * Writes the state through a temporary file (a crash never leaves half a file). Synchronous:
   * it runs while the window closes, and the process may exit right after.
   */
  save(state: { bounds: Rect; isMaximized: boolean }): void {
    const parsed = windowStateSchema.safeParse({
      bounds: roundRect(state.bounds),
      isMaximized: state.isMaximized,
    })
    if (!parsed.success) return
    mkdirSync(dirname(this.filePath), { recursive: true })
    const temporary = `${this.filePath}.tmp`
    writeFileSync(temporary, `${JSON.stringify(parsed.data)}\n`, { mode: 0o600 })
    chmodSync(temporary, 0o600)
    renameSync(temporary, this.filePath)
  }

  /** Saves the window's normal (unmaximized) bounds and maximized flag when it closes. */
  track(window: TrackableWindow): void {
    window.on('close', () => {
      try {
        this.save({ bounds: window.getNormalBounds(), isMaximized: window.isMaximized() })
      } catch (error) {
        this.logger.warn(
          { file: this.filePath, reason: error instanceof Error ? error.message : String(error) },
          'window state not saved',
        )
      }
    })
  }
}

/** Tells whether enough of `bounds` lies on one display for the user to reach the window. */
export function isOnScreen(bounds: Rect, displays: readonly Rect[]): boolean {
  return displays.some((area) => {
    const width =
      Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x)
    const height =
      Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y)
    return width >= MIN_VISIBLE.width && height >= MIN_VISIBLE.height
  })
}

function roundRect(rect: Rect): Rect {
  return {
    x: Math.round(rect.x),
    y: Math.round(rect.y),
    width: Math.round(rect.width),
    height: Math.round(rect.height),
  }
}
