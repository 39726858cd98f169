import type { MenuItemConstructorOptions } from 'electron'
import type { CommandName, KillSwitchResult } from '../../src-shared/contract'
import type { Result } from '../../src-shared/result'
import type { MessageBoxDialog } from './quit-guard'

/** Runs a contract command with raw input and answers a Result (dispatchCommand, bound). */
export type RunCommand = (name: CommandName, input: unknown) => Promise<Result<unknown>>

export interface AppMenuOptions {
  runCommand: RunCommand
  dialog: MessageBoxDialog
  platform: NodeJS.Platform
  /** Developer tools and reload only in development builds. */
  isDevelopment: boolean
}

/** The kill switch's confirmation: says exactly what will happen before anything does. */
export const KILL_SWITCH_CONFIRMATION = {
  type: 'warning',
  title: 'Kill switch',
  message: 'Stop all trading now?',
  detail:
    'This will:\n' +
    '• halt trading: no new orders until you resume it;\n' +
    '• cancel every open order;\n' +
    '• if the box below is ticked, also close every open position at market price.\n\n' +
    'Analysis keeps running. Resume from the Trading menu when ready.',
  checkboxLabel: 'Also close all open positions at market price',
  checkboxChecked: false,
  buttons: ['Cancel', 'Halt trading'],
  defaultId: 0,
  cancelId: 0,
  noLink: true,
} as const

/**
 * The application menu: a Trading menu (Pause, Resume, Kill switch… — each going through the
 * same contract commands the UI uses) beside the standard Edit, View and Window menus.
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const { platform, isDevelopment } = options
  const actions = tradingActions(options)
  const isMac = platform === 'darwin'
  return [
    ...(isMac ? [{ role: 'appMenu' } as const] : []),
    { label: 'File', submenu: [isMac ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Trading',
      submenu: [
        { label: 'Pause trading', accelerator: 'CmdOrCtrl+Shift+P', click: actions.pause },
        { label: 'Resume trading', accelerator: 'CmdOrCtrl+Shift+R', click: actions.resume },
        { type: 'separator' },
        { label: 'Kill switch…', accelerator: 'CmdOrCtrl+Shift+K', click: actions.killSwitch },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...(isDevelopment
          ? [
              { role: 'reload' } as const,
              { role: 'toggleDevTools' } as const,
              { type: 'separator' } as const,
            ]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
}

/** The Trading menu's actions; exported for tests, which call them without a menu. */
export function tradingActions(options: Pick<AppMenuOptions, 'runCommand' | 'dialog'>): {
  pause(): Promise<void>
  resume(): Promise<void>
  killSwitch(): Promise<void>
} {
  const { runCommand, dialog } = options
  const reportError = async (what: string, result: Result<unknown>): Promise<boolean> => {
    if (result.ok) return false
    await dialog.showMessageBox({
      type: 'error',
      title: what,
      message: `${what} failed`,
      detail: `${result.error.code}: ${result.error.message}`,
    })
    return true
  }
  return {
    async pause() {
      await reportError('Pause trading', await runCommand('coordinator:pause', {}))
    },
    async resume() {
      await reportError('Resume trading', await runCommand('coordinator:resume', {}))
    },
    async killSwitch() {
      const answer = await dialog.showMessageBox({
        ...KILL_SWITCH_CONFIRMATION,
        buttons: [...KILL_SWITCH_CONFIRMATION.buttons],
      })
      if (answer.response !== 1) return
      const result = await runCommand('coordinator:killSwitch', {
        closePositions: answer.checkboxChecked,
      })
      if (await reportError('Kill switch', result)) return
      await dialog.showMessageBox({
        type: 'info',
        title: 'Kill switch',
        message: 'Trading halted.',
        // The dispatcher has checked the output against the contract's schema.
        detail: describeKillSwitch(result.ok ? (result.value as KillSwitchResult) : null),
      })
    },
  }
}

function describeKillSwitch(outcome: KillSwitchResult | null): string {
  if (!outcome) return ''
  const lines = [
    `Orders cancelled: ${outcome.cancelledOrders}`,
    `Scheduled rebalance batches cancelled: ${outcome.cancelledBatches}`,
    `Positions closed: ${outcome.closedPositions}`,
  ]
  if (outcome.errors.length > 0) lines.push('', 'Problems:', ...outcome.errors)
  return lines.join('\n')
}
