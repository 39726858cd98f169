import type { BrowserWindowConstructorOptions } from 'electron'
import type { Rect } from './window-state'

/** The renderer's content security policy: only our own scripts, styles and the engine bridge. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * Window options with Electron's security checklist applied: an isolated, sandboxed renderer
 * without Node, reaching the engine only through the preload's narrow API. `bounds` places the
 * window where it was last (default size, placed by the OS, when null).
 */
export function mainWindowOptions(
  preloadPath: string,
  bounds: Rect | null = null,
): BrowserWindowConstructorOptions {
  return {
    ...(bounds ?? { width: 1440, height: 900 }),
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#0f1115',
    title: 'TripleGain',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  }
}
