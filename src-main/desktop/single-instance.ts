import type { Logger } from '../engine/logging/logger'

/** The part of Electron's `app` the single-instance lock uses (a fake in tests). */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean
  quit(): void
  on(event: 'second-instance', listener: () => void): unknown
}

/** The part of a window brought back when the app is launched again. */
export interface RestorableWindow {
  isDestroyed(): boolean
  isMinimized(): boolean
  restore(): void
  show(): void
  focus(): void
}

/**
 * Claims the single-instance lock: two engines on one account would trade twice. A second
 * launch quits at once (returns false); the first instance restores and focuses its window,
 * or opens one when it has none (the engine runs on without a window, e.g. after a quit was
 * cancelled), so the running engine can always be reached.
 */
export function claimSingleInstance(
  app: SingleInstanceApp,
  currentWindow: () => RestorableWindow | null,
  openWindow: () => void,
  logger: Logger,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    logger.info('another TripleGain is already running; focusing it and quitting')
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const window = currentWindow()
    if (!window || window.isDestroyed()) {
      openWindow()
      return
    }
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  return true
}
