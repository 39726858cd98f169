/**
 * Desktop host: the Electron main process. Kept thin — every part (key store, single-instance
 * lock, window state, menu, quit guard, engine start) lives in src-main/desktop and is
 * unit-tested with fakes; this file only hands them Electron's objects.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, Menu, safeStorage, screen, session } from 'electron'
import { resolveAppPaths } from './app-paths'
import { SystemClock } from './engine/clock'
import { createLogger } from './engine/logging/logger'
import { startEngine } from './host/start-engine'
import { dispatchCommand } from './transport/dispatch-command'
import { forwardEvents, isAppPage, registerIpcHandlers } from './transport/ipc/register-ipc'
import { appMenuTemplate } from './desktop/app-menu'
import { startDesktopEngine, type DesktopEngine } from './desktop/desktop-engine'
import { startEarlyDesktopStore } from './desktop/early-desktop-store'
import { hardenWindow } from './desktop/harden-window'
import { installQuitGuard } from './desktop/quit-guard'
import { SafeStorageKeyStore } from './desktop/safe-storage-key-store'
import { claimSingleInstance } from './desktop/single-instance'
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './desktop/window-options'
import { WindowStateFile } from './desktop/window-state'

const logger = createLogger({ name: 'triplegain-desktop' })
let mainWindow: BrowserWindow | null = null

async function openWindow(engine: DesktopEngine, windowState: WindowStateFile): Promise<void> {
  const state = await windowState.load(screen.getAllDisplays().map((display) => display.workArea))
  const window = new BrowserWindow(
    mainWindowOptions(join(__dirname, '../preload/index.cjs'), state.bounds),
  )
  mainWindow = window
  windowState.track(window)
  const pagePath = join(__dirname, '../renderer/index.html')
  hardenWindow(window.webContents, pathToFileURL(pagePath).toString())
  const stopForwarding = forwardEvents(engine.events, window.webContents)
  window.once('ready-to-show', () => {
    if (state.isMaximized) window.maximize()
    window.show()
  })
  window.on('closed', () => {
    stopForwarding()
    if (mainWindow === window) mainWindow = null
  })
  await window.loadFile(pagePath)
}

async function main(): Promise<void> {
  // userData is known before Electron is ready: the database boots while Electron starts.
  const userData = app.getPath('userData')
  const paths = resolveAppPaths(process.env, { electronUserData: userData })
  const earlyStore = startEarlyDesktopStore(paths, process.env, logger)
  await app.whenReady()
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
  const keyStore = new SafeStorageKeyStore({
    safeStorage,
    filePath: join(userData, 'api-keys.json'),
    logger,
  })
  const engine = await startDesktopEngine({
    start: startEngine,
    paths,
    env: process.env,
    logger,
    version: app.getVersion(),
    keyStore,
    earlyStore,
    showError: (title, message) => dialog.showErrorBox(title, message),
  })
  const pageUrl = pathToFileURL(join(__dirname, '../renderer/index.html')).toString()
  registerIpcHandlers(ipcMain, engine.commands, isAppPage(pageUrl), logger)
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        runCommand: (name, input) => dispatchCommand(engine.commands, name, input, logger),
        dialog,
        platform: process.platform,
        isDevelopment: !app.isPackaged,
      }),
    ),
  )
  const windowState = new WindowStateFile(join(userData, 'window-state.json'), logger)
  reopenWindow = () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow(engine, windowState)
  }
  installQuitGuard({
    app,
    dialog,
    clock: new SystemClock(),
    ordersInFlight: () => engine.ordersInFlight(),
    stopEngine: () => engine.stop(),
    onQuitCancelled: () => reopenWindow(),
    logger,
  })
  await openWindow(engine, windowState)
  app.on('activate', () => reopenWindow())
}

/** Opens a window when none is open; does nothing until the engine has started. */
let reopenWindow: () => void = () => undefined

if (
  claimSingleInstance(
    app,
    () => mainWindow,
    () => reopenWindow(),
    logger,
  )
) {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  main().catch((error: unknown) => {
    logger.fatal(
      { reason: error instanceof Error ? error.message : String(error) },
      'startup failed',
    )
    dialog.showErrorBox(
      'TripleGain could not start',
      error instanceof Error ? error.message : String(error),
    )
    app.exit(1)
  })
}
