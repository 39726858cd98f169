import { COMMAND_NAMES } from '../../../src-shared/contract'
import { fail, type Result } from '../../../src-shared/result'
import type { Logger } from '../../engine/logging/logger'
import type { CommandHandlers, EngineEventStream } from '../command-handlers'
import { dispatchCommand } from '../dispatch-command'
import { commandChannel, EVENT_CHANNEL } from './ipc-channels'

/** The part of an IPC invoke event the guard reads. */
export interface IpcInvokeEvent {
  senderFrame: { url: string } | null
}

/** The part of Electron's ipcMain the transport uses (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEvent, input: unknown) => Promise<Result<unknown>>,
  ): void
  removeHandler(channel: string): void
}

/** The part of a window's webContents events are pushed to. */
export interface EventTarget {
  send(channel: string, payload: unknown): void
  isDestroyed(): boolean
}

/**
 * Registers one guarded handler per contract command (GitHub Desktop's safeListener): the
 * sender frame must be our own page, input is validated by the command's schema, and the
 * answer is always a Result. Returns a function that removes the handlers.
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: CommandHandlers,
  isTrustedSender: (frameUrl: string) => boolean,
  logger: Logger,
): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, input) => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedSender(url)) {
        logger.warn({ command: name, url }, 'refused IPC from an untrusted sender')
        return fail('FORBIDDEN', 'sender not allowed')
      }
      return dispatchCommand(handlers, name, input, logger)
    })
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(commandChannel(name))
  }
}

/** Forwards engine events to a window until it is destroyed; returns the unsubscribe function. */
export function forwardEvents(events: EngineEventStream, target: EventTarget): () => void {
  const unsubscribe = events.subscribe((event) => {
    if (target.isDestroyed()) {
      unsubscribe()
      return
    }
    target.send(EVENT_CHANNEL, event)
  })
  return unsubscribe
}

/** Trusts only the app's own page: the packaged file URL (or the dev server origin). */
export function isAppPage(appUrl: string): (frameUrl: string) => boolean {
  const expected = new URL(appUrl)
  return (frameUrl) => {
    try {
      const actual = new URL(frameUrl)
      if (expected.protocol === 'file:')
        return actual.protocol === 'file:' && actual.pathname === expected.pathname
      return actual.origin === expected.origin
    } catch {
      return false
    }
  }
}
