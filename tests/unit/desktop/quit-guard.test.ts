import { describe, expect, it } from 'vitest'
import {
  BEFORE_QUIT_ACTION,
  installQuitGuard,
  type QuitState,
  type QuittingApp,
} from '../../../src-main/desktop/quit-guard'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { FakeDialog } from '../../fakes/desktop/fake-dialog'

class FakeApp implements QuittingApp {
  quits = 0
  private listener: ((event: { preventDefault(): void }) => void) | null = null
  on(_event: 'before-quit', listener: (event: { preventDefault(): void }) => void): void {
    this.listener = listener
  }
  quit(): void {
    this.quits += 1
  }
  /** Fires before-quit; answers whether the quit was held. */
  requestQuit(): boolean {
    let held = false
    this.listener?.({ preventDefault: () => (held = true) })
    return held
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve))

function setup(options: { inFlight?: number | (() => number); stopFails?: boolean } = {}) {
  const app = new FakeApp()
  const dialog = new FakeDialog()
  const stops: string[] = []
  const reopened: string[] = []
  let release: () => void = () => undefined
  const stopped = new Promise<void>((resolve) => (release = resolve))
  const inFlight = options.inFlight ?? 0
  const clock = new VirtualClock(0)
  const state = installQuitGuard({
    app,
    dialog,
    clock,
    stopPatienceMs: 20_000,
    ordersInFlight: typeof inFlight === 'function' ? inFlight : () => inFlight,
    stopEngine: async () => {
      stops.push('stop')
      await stopped
      if (options.stopFails) throw new Error('store closed twice')
    },
    onQuitCancelled: () => reopened.push('window'),
    logger: silentLogger(),
  })
  return { app, dialog, stops, reopened, release, state, clock }
}

describe('quit guard', () => {
  it.each(Object.entries(BEFORE_QUIT_ACTION) as [QuitState, string][])(
    'in state %s a quit request does %s',
    (state, action) => {
      expect(['start', 'hold', 'allow']).toContain(action)
      expect(action === 'allow').toBe(state === 'stopped')
      expect(action === 'start').toBe(state === 'running')
    },
  )

  it('holds the quit, stops the engine once, then quits for real', async () => {
    const { app, stops, release, state, dialog } = setup()
    expect(app.requestQuit()).toBe(true)
    await settle()
    expect(state()).toBe('stopping')
    expect(app.requestQuit()).toBe(true) // a second Cmd+Q while stopping
    release()
    await settle()
    expect(stops).toEqual(['stop'])
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
    expect(app.requestQuit()).toBe(false)
    expect(dialog.shown).toEqual([])
  })

  it('warns about orders in flight and stays open when the user cancels', async () => {
    const { app, dialog, stops, state } = setup({ inFlight: 2 })
    dialog.answer(0)
    expect(app.requestQuit()).toBe(true)
    await settle()
    expect(dialog.shown).toHaveLength(1)
    expect(dialog.shown[0]).toMatchObject({
      type: 'warning',
      message: '2 orders are still open.',
      buttons: ['Cancel', 'Quit anyway'],
      cancelId: 0,
    })
    expect(stops).toEqual([])
    expect(state()).toBe('running')
    expect(app.quits).toBe(0)
  })

  it('quits anyway after the warning when the user insists', async () => {
    const { app, dialog, stops, release, state } = setup({ inFlight: 1 })
    dialog.answer(1)
    app.requestQuit()
    await settle()
    expect(dialog.shown[0]?.message).toBe('1 order is still open.')
    release()
    await settle()
    expect(stops).toEqual(['stop'])
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
  })

  it('holds further quit requests while the warning is open, and shows a window again on cancel', async () => {
    const { app, dialog, state, reopened, stops } = setup({ inFlight: 1 })
    let answer: (value: { response: number; checkboxChecked: boolean }) => void = () => undefined
    dialog.showMessageBox = () => new Promise((resolve) => (answer = resolve))
    app.requestQuit()
    await settle()
    expect(state()).toBe('confirming')
    expect(app.requestQuit()).toBe(true)
    expect(reopened).toEqual([])
    answer({ response: 0, checkboxChecked: false })
    await settle()
    expect(state()).toBe('running')
    expect(stops).toEqual([])
    expect(reopened).toEqual(['window'])
  })

  it('still quits when the engine fails to stop cleanly', async () => {
    const { app, release, state } = setup({ stopFails: true })
    app.requestQuit()
    release()
    await settle()
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
  })

  it('does not block quitting when the engine cannot count its orders', async () => {
    const { app, dialog, release, state } = setup({
      inFlight: () => {
        throw new Error('engine gone')
      },
    })
    app.requestQuit()
    release()
    await settle()
    expect(dialog.shown).toEqual([])
    expect(state()).toBe('stopped')
  })

  it('returns to running when the warning itself fails', async () => {
    const { app, dialog, state, stops } = setup({ inFlight: 3 })
    dialog.showMessageBox = () => Promise.reject(new Error('no display'))
    app.requestQuit()
    await settle()
    expect(state()).toBe('running')
    expect(stops).toEqual([])
  })

  it('offers to quit without the engine when it has not stopped in time, and quits when told', async () => {
    const { app, dialog, state, clock } = setup()
    dialog.answer(0).answer(1) // keep waiting, then quit now
    app.requestQuit()
    await clock.advance(19_999)
    expect(dialog.shown).toEqual([])
    await clock.advance(1)
    expect(dialog.shown.map((shown) => shown.buttons)).toEqual([['Keep waiting', 'Quit now']])
    expect(state()).toBe('stopping')
    await clock.advance(20_000)
    expect(dialog.shown).toHaveLength(2)
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
  })

  it('closes the question by itself and quits once the engine stops while it is open', async () => {
    const { app, dialog, state, clock, release } = setup()
    let closed = false
    dialog.showMessageBox = (options) =>
      new Promise((resolve) =>
        options.signal?.addEventListener('abort', () => {
          closed = true
          resolve({ response: 0, checkboxChecked: false })
        }),
      )
    app.requestQuit()
    await clock.advance(20_000)
    expect(state()).toBe('stopping')
    release()
    await settle()
    await settle()
    expect(closed).toBe(true)
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
  })

  it('waits on for the engine when the question cannot be shown', async () => {
    const { app, dialog, state, clock, release } = setup()
    dialog.showMessageBox = () => Promise.reject(new Error('no display'))
    app.requestQuit()
    await clock.advance(60_000)
    expect(state()).toBe('stopping')
    expect(app.quits).toBe(0)
    release()
    await settle()
    expect(state()).toBe('stopped')
    expect(app.quits).toBe(1)
  })
})
