import { describe, expect, it } from 'vitest'
import {
  claimSingleInstance,
  type RestorableWindow,
  type SingleInstanceApp,
} from '../../../src-main/desktop/single-instance'
import { silentLogger } from '../../../src-main/engine/logging/logger'

class FakeApp implements SingleInstanceApp {
  quits = 0
  secondInstance: (() => void) | null = null
  constructor(private readonly lock: boolean) {}
  requestSingleInstanceLock(): boolean {
    return this.lock
  }
  quit(): void {
    this.quits += 1
  }
  on(_event: 'second-instance', listener: () => void): void {
    this.secondInstance = listener
  }
}

class FakeWindow implements RestorableWindow {
  calls: string[] = []
  constructor(
    private readonly minimized: boolean,
    private readonly destroyed = false,
  ) {}
  isDestroyed = () => this.destroyed
  isMinimized = () => this.minimized
  restore = () => void this.calls.push('restore')
  show = () => void this.calls.push('show')
  focus = () => void this.calls.push('focus')
}

describe('claimSingleInstance', () => {
  it('quits a second launch before it starts anything', () => {
    const app = new FakeApp(false)
    expect(
      claimSingleInstance(
        app,
        () => null,
        () => undefined,
        silentLogger(),
      ),
    ).toBe(false)
    expect(app.quits).toBe(1)
    expect(app.secondInstance).toBeNull()
  })

  it.each([
    ['minimized', true, ['restore', 'show', 'focus']],
    ['behind other windows', false, ['show', 'focus']],
  ])('brings the first window back when it is %s', (_name, minimized, calls) => {
    const app = new FakeApp(true)
    const window = new FakeWindow(minimized)
    expect(
      claimSingleInstance(
        app,
        () => window,
        () => undefined,
        silentLogger(),
      ),
    ).toBe(true)
    expect(app.quits).toBe(0)
    app.secondInstance?.()
    expect(window.calls).toEqual(calls)
  })

  it('opens a window on a second launch while none is open (the engine runs on without one)', () => {
    const app = new FakeApp(true)
    const destroyed = new FakeWindow(true, true)
    let current: RestorableWindow | null = null
    const opened: string[] = []
    claimSingleInstance(
      app,
      () => current,
      () => opened.push('window'),
      silentLogger(),
    )
    app.secondInstance?.()
    current = destroyed
    app.secondInstance?.()
    expect(destroyed.calls).toEqual([])
    expect(opened).toEqual(['window', 'window'])
  })
})
