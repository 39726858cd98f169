/**
 * Desktop host: the Electron main process. Kept thin — window creation and hardening live in
 * src-main/desktop (unit-tested with fakes); the engine is attached by later work.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, session } from 'electron'
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './desktop/window-options'
import { hardenWindow } from './desktop/harden-window'

async function createWindow(): Promise<void> {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.cjs')))
  const pagePath = join(__dirname, '../renderer/index.html')
  hardenWindow(window.webContents, pathToFileURL(pagePath).toString())
  window.once('ready-to-show', () => window.show())
  await window.loadFile(pagePath)
}

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
  await createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
