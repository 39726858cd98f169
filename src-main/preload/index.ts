/**
 * Preload: the renderer's only door to the main process. It exposes a named, narrow API —
 * never ipcRenderer itself (Electron security checklist). The main process validates the
 * command name and its input; here we only refuse names that cannot be commands.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import type { DesktopBridge } from '../../src-shared/desktop-bridge'
import type { Result } from '../../src-shared/result'
import { commandChannel, EVENT_CHANNEL } from '../transport/ipc/ipc-channels'

const COMMAND_NAME = /^[a-z]+:[a-zA-Z]+$/

const bridge: DesktopBridge = {
  host: 'desktop',
  invoke(command, input) {
    if (!COMMAND_NAME.test(command)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'BAD_REQUEST', message: `not a command name: ${command}` },
      })
    }
    return ipcRenderer.invoke(commandChannel(command), input) as Promise<Result<unknown>>
  },
  onEvent(listener) {
    const wrapped = (_event: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(EVENT_CHANNEL, wrapped)
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped)
    }
  },
}

contextBridge.exposeInMainWorld('triplegain', bridge)
