import type { PreloadBridge } from '../../src-shared/preload-bridge'

declare global {
  interface Window {
    /** Present only inside the Electron desktop app (exposed by the preload). */
    triplegain?: PreloadBridge
  }
}

export {}
