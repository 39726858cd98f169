import type { DesktopBridge } from '../../src-shared/desktop-bridge'

declare global {
  interface Window {
    /** Present only inside the Electron desktop app (exposed by the preload). */
    triplegain?: DesktopBridge
  }
}

export {}
