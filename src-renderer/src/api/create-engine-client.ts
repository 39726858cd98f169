import type { EngineApi } from '../../../src-shared/engine-api'
import type { DesktopBridge } from '../../../src-shared/desktop-bridge'
import type { ConnectionSource } from './connection'
import { alwaysConnected } from './connection'
import { HttpEngineClient } from './http-client'
import { createIpcClient } from './ipc-client'
import { takeToken } from './token'

/** The API backend the app runs on, plus the connection state to show. */
export interface EngineClient {
  api: EngineApi
  connection: ConnectionSource
  host: 'desktop' | 'headless'
}

/**
 * Returns the IPC backend inside Electron (the preload exposed `window.triplegain`) and the
 * HTTP/WebSocket backend when the page was served by the headless host.
 */
export function createEngineClient(win: Window & typeof globalThis): EngineClient {
  const bridge: DesktopBridge | undefined = win.triplegain
  if (bridge && typeof bridge.invoke === 'function') {
    return { api: createIpcClient(bridge), connection: alwaysConnected(), host: 'desktop' }
  }
  const token = takeToken(win.location, win.sessionStorage, win.history)
  const client = new HttpEngineClient({
    baseUrl: '',
    token,
    fetch: win.fetch.bind(win),
    createSocket: (url) => new win.WebSocket(url),
    timers: {
      setTimeout: (callback, ms) => win.setTimeout(callback, ms),
      clearTimeout: (handle) => win.clearTimeout(handle as number),
      now: () => Date.now(),
    },
  })
  return { api: client, connection: client, host: 'headless' }
}
