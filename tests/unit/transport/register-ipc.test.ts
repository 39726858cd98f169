import { describe, expect, it } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { commandChannel, EVENT_CHANNEL } from '../../../src-main/transport/ipc/ipc-channels'
import {
  forwardEvents,
  isAppPage,
  registerIpcHandlers,
  type IpcInvokeEvent,
  type IpcMainLike,
} from '../../../src-main/transport/ipc/register-ipc'
import { COMMAND_NAMES, type EngineEvent } from '../../../src-shared/contract'
import type { Result } from '../../../src-shared/result'
import { aCoordinatorStatus } from '../../helpers/contract-fixtures'
import { handlersWith } from '../../helpers/handler-doubles'

type Listener = (event: IpcInvokeEvent, input: unknown) => Promise<Result<unknown>>

function fakeIpcMain() {
  const listeners = new Map<string, Listener>()
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => {
      if (listeners.has(channel)) throw new Error(`second handler for ${channel}`)
      listeners.set(channel, listener)
    },
    removeHandler: (channel) => listeners.delete(channel),
  }
  const invoke = (name: string, input: unknown, url = 'file:///app/out/renderer/index.html') => {
    const listener = listeners.get(commandChannel(name))
    if (!listener) throw new Error(`no handler for ${name}`)
    return listener({ senderFrame: { url } }, input)
  }
  return { ipcMain, listeners, invoke }
}

const trusted = isAppPage('file:///app/out/renderer/index.html')

describe('registerIpcHandlers', () => {
  it('registers exactly one handler per contract command and removes them all', () => {
    const { ipcMain, listeners } = fakeIpcMain()
    const remove = registerIpcHandlers(ipcMain, handlersWith({}), trusted, silentLogger())
    expect([...listeners.keys()].sort()).toEqual(COMMAND_NAMES.map(commandChannel).sort())
    remove()
    expect(listeners.size).toBe(0)
  })

  it('answers our own page with the handler’s result', async () => {
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpcHandlers(
      ipcMain,
      handlersWith({ 'coordinator:resume': async () => aCoordinatorStatus() }),
      trusted,
      silentLogger(),
    )
    expect(await invoke('coordinator:resume', undefined)).toEqual({
      ok: true,
      value: aCoordinatorStatus(),
    })
  })

  it.each([
    ['another site', 'https://evil.example/index.html'],
    ['another local file', 'file:///tmp/evil.html'],
    ['no frame', ''],
  ])('refuses a sender from %s without calling the handler', async (_label, url) => {
    const { ipcMain, invoke } = fakeIpcMain()
    const handlers = handlersWith({ 'coordinator:pause': async () => aCoordinatorStatus() })
    registerIpcHandlers(ipcMain, handlers, trusted, silentLogger())
    expect(await invoke('coordinator:pause', undefined, url)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: 'sender not allowed' },
    })
    expect(handlers.calls).toEqual([])
  })

  it('validates input from the renderer', async () => {
    const { ipcMain, invoke } = fakeIpcMain()
    registerIpcHandlers(ipcMain, handlersWith({}), trusted, silentLogger())
    const result = await invoke('orders:cancel', { id: 42 })
    expect(result.ok).toBe(false)
    expect(!result.ok && result.error.code).toBe('BAD_REQUEST')
  })
})

describe('isAppPage', () => {
  it('trusts the dev server origin when the app runs from one', () => {
    const dev = isAppPage('http://localhost:5173/')
    expect(dev('http://localhost:5173/index.html')).toBe(true)
    expect(dev('http://localhost:5174/')).toBe(false)
    expect(dev('not a url')).toBe(false)
  })
})

describe('forwardEvents', () => {
  it('sends events to the window until it is destroyed', () => {
    const listeners: ((event: EngineEvent) => void)[] = []
    const stream = {
      subscribe: (listener: (event: EngineEvent) => void) => {
        listeners.push(listener)
        return () => listeners.splice(listeners.indexOf(listener), 1)
      },
    }
    const sent: unknown[] = []
    let destroyed = false
    forwardEvents(stream, {
      send: (channel, payload) => sent.push([channel, payload]),
      isDestroyed: () => destroyed,
    })
    const tick: EngineEvent = { type: 'market.tick', at: 1, symbol: 'BTC/USDT', price: '1' }
    listeners[0]?.(tick)
    destroyed = true
    listeners[0]?.(tick)
    expect(sent).toEqual([[EVENT_CHANNEL, tick]])
    expect(listeners).toHaveLength(0)
  })
})
