import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import {
  appMenuTemplate,
  KILL_SWITCH_CONFIRMATION,
  tradingActions,
  type RunCommand,
} from '../../../src-main/desktop/app-menu'
import { fail, ok, type Result } from '../../../src-shared/result'
import { FakeDialog } from '../../fakes/desktop/fake-dialog'

function recorder(answer: (name: string) => Result<unknown>) {
  const calls: [string, unknown][] = []
  const runCommand: RunCommand = async (name, input) => {
    calls.push([name, input])
    return answer(name)
  }
  return { calls, runCommand }
}

const submenu = (items: MenuItemConstructorOptions[], label: string) =>
  (items.find((item) => item.label === label)?.submenu ?? []) as MenuItemConstructorOptions[]

describe('app menu template', () => {
  const build = (platform: NodeJS.Platform, isDevelopment = false) =>
    appMenuTemplate({
      runCommand: recorder(() => ok({})).runCommand,
      dialog: new FakeDialog(),
      platform,
      isDevelopment,
    })

  it('offers pause, resume and the kill switch with accelerators in a Trading menu', () => {
    const trading = submenu(build('linux'), 'Trading')
    expect(trading.map((item) => [item.label ?? item.type, item.accelerator])).toEqual([
      ['Pause trading', 'CmdOrCtrl+Shift+P'],
      ['Resume trading', 'CmdOrCtrl+Shift+R'],
      ['separator', undefined],
      ['Kill switch…', 'CmdOrCtrl+Shift+K'],
    ])
  })

  it.each([
    ['linux', ['File', 'Trading', 'editMenu', 'View', 'windowMenu'], 'quit'],
    ['win32', ['File', 'Trading', 'editMenu', 'View', 'windowMenu'], 'quit'],
    ['darwin', ['appMenu', 'File', 'Trading', 'editMenu', 'View', 'windowMenu'], 'close'],
  ] as const)('has the standard menus on %s', (platform, menus, fileRole) => {
    const template = build(platform)
    expect(template.map((item) => item.label ?? item.role)).toEqual(menus)
    expect(submenu(template, 'File').map((item) => item.role)).toEqual([fileRole])
  })

  it.each([
    [false, ['resetZoom', 'zoomIn', 'zoomOut', undefined, 'togglefullscreen']],
    [
      true,
      [
        'reload',
        'toggleDevTools',
        undefined,
        'resetZoom',
        'zoomIn',
        'zoomOut',
        undefined,
        'togglefullscreen',
      ],
    ],
  ])('shows developer tools only in development (%s)', (isDevelopment, roles) => {
    expect(submenu(build('linux', isDevelopment), 'View').map((item) => item.role)).toEqual(roles)
  })

  it('runs the pause command from its menu item', async () => {
    const { calls, runCommand } = recorder(() => ok({}))
    const template = appMenuTemplate({
      runCommand,
      dialog: new FakeDialog(),
      platform: 'linux',
      isDevelopment: false,
    })
    const pause = submenu(template, 'Trading')[0]
    await (pause?.click as unknown as () => Promise<void>)()
    expect(calls).toEqual([['coordinator:pause', {}]])
  })
})

describe('trading actions', () => {
  it.each([
    ['pause', 'coordinator:pause'],
    ['resume', 'coordinator:resume'],
  ] as const)('%s calls %s and stays quiet when it works', async (action, command) => {
    const dialog = new FakeDialog()
    const { calls, runCommand } = recorder(() => ok({}))
    await tradingActions({ runCommand, dialog })[action]()
    expect(calls).toEqual([[command, {}]])
    expect(dialog.shown).toEqual([])
  })

  it.each([
    ['pause', 'Pause trading'],
    ['resume', 'Resume trading'],
  ] as const)('%s shows the refusal when it fails', async (action, title) => {
    const dialog = new FakeDialog()
    const { runCommand } = recorder(() => fail('CONFLICT', 'coordinator is HALTED'))
    await tradingActions({ runCommand, dialog })[action]()
    expect(dialog.shown).toEqual([
      expect.objectContaining({
        type: 'error',
        title,
        detail: 'CONFLICT: coordinator is HALTED',
      }),
    ])
  })

  it('asks before the kill switch, saying exactly what will happen', async () => {
    const dialog = new FakeDialog().answer(0)
    const { calls, runCommand } = recorder(() => ok({}))
    await tradingActions({ runCommand, dialog }).killSwitch()
    expect(calls).toEqual([])
    const asked = dialog.shown[0]
    expect(asked).toMatchObject({
      type: 'warning',
      cancelId: 0,
      defaultId: 0,
      checkboxChecked: false,
    })
    expect(asked?.detail).toContain('halt trading')
    expect(asked?.detail).toContain('cancel every open order')
    expect(asked?.detail).toContain('close every open position')
    expect(asked?.checkboxLabel).toBe(KILL_SWITCH_CONFIRMATION.checkboxLabel)
  })

  it.each([
    [false, 'halts and cancels orders'],
    [true, 'also closes positions'],
  ])('runs the kill switch with closePositions=%s when confirmed (%s)', async (ticked) => {
    const dialog = new FakeDialog().answer(1, ticked)
    const { calls, runCommand } = recorder(() =>
      ok({
        state: 'HALTED',
        cancelledOrders: 3,
        cancelledBatches: 4,
        closedPositions: ticked ? 2 : 0,
        errors: [],
      }),
    )
    await tradingActions({ runCommand, dialog }).killSwitch()
    expect(calls).toEqual([['coordinator:killSwitch', { closePositions: ticked }]])
    expect(dialog.shown[1]).toMatchObject({
      type: 'info',
      message: 'Trading halted.',
      detail: `Orders cancelled: 3\nScheduled rebalance batches cancelled: 4\nPositions closed: ${ticked ? 2 : 0}`,
    })
  })

  it('lists what the kill switch could not do', async () => {
    const dialog = new FakeDialog().answer(1, true)
    const { runCommand } = recorder(() =>
      ok({
        state: 'HALTED',
        cancelledOrders: 1,
        cancelledBatches: 0,
        closedPositions: 0,
        errors: ['BTC/USDT: exchange down'],
      }),
    )
    await tradingActions({ runCommand, dialog }).killSwitch()
    expect(dialog.shown[1]?.detail).toContain('Problems:\nBTC/USDT: exchange down')
  })

  it('shows a kill switch refusal as an error', async () => {
    const dialog = new FakeDialog().answer(1)
    const { runCommand } = recorder(() =>
      fail('UNAVAILABLE', 'the engine is not running: bad config'),
    )
    await tradingActions({ runCommand, dialog }).killSwitch()
    expect(dialog.shown).toHaveLength(2)
    expect(dialog.shown[1]).toMatchObject({
      type: 'error',
      detail: 'UNAVAILABLE: the engine is not running: bad config',
    })
  })
})
