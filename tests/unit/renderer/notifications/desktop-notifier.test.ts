import { describe, expect, it, vi } from 'vitest'
import type { NotificationPort } from '../../../../src-renderer/src/notifications/desktop-notifier'
import {
  DesktopNotifier,
  isBreakerAlert,
  notificationFor,
} from '../../../../src-renderer/src/notifications/desktop-notifier'
import { events } from '../../../helpers/renderer/builders'

function port(permission: NotificationPermission = 'granted') {
  return {
    permission: () => permission,
    requestPermission: vi.fn(async () => 'granted' as const),
    show: vi.fn(),
  } satisfies NotificationPort
}

describe('desktop notifications', () => {
  it('notify fills, circuit breakers and error notices only', () => {
    expect(notificationFor(events.orderFilled())).toEqual({
      title: 'Filled: BUY BTC/USDT',
      body: '0.05 @ 64,500.00 (limit, entry)',
      tag: 'fill-ord-1',
    })
    expect(notificationFor(events.riskAlert('circuit_breaker_tripped', 'daily loss'))?.title).toBe(
      'Circuit breaker tripped',
    )
    expect(notificationFor(events.riskAlert('exposure_warning', 'high'))).toBeNull()
    expect(notificationFor(events.tick())).toBeNull()
    expect(
      notificationFor(
        events.notice('BTC/USDT: protection not placed — INSUFFICIENT_FUNDS', 'error', 7),
      ),
    ).toEqual({
      title: 'TripleGain needs attention',
      body: 'BTC/USDT: protection not placed — INSUFFICIENT_FUNDS',
      tag: 'notice-7',
    })
    expect(notificationFor(events.notice('Paper mode'))).toBeNull()
  })

  it("names a take-profit fill's type and role in words", () => {
    const fill = events.orderFilled({ side: 'sell', type: 'take-profit', role: 'take-profit' })
    expect(notificationFor(fill)?.body).toBe('0.05 @ 64,500.00 (take profit, take profit)')
  })

  it.each([
    ['circuit_breaker', 'Circuit breaker'],
    ['circuit_breaker_reset', 'Circuit breaker reset'],
  ])("titles the risk engine's %s alert in words: %s", (type, title) => {
    expect(notificationFor(events.riskAlert(type, 'daily_loss breaker'))?.title).toBe(title)
  })

  it.each([
    ['circuit_breaker_tripped', true],
    ['trading_halted', true],
    ['exposure_warning', false],
  ])('%s is a breaker alert: %s', (type, expected) => {
    expect(isBreakerAlert(type)).toBe(expected)
  })

  it('shows nothing without permission', () => {
    const denied = port('default')
    new DesktopNotifier(denied).handle([events.orderFilled()])
    expect(denied.show).not.toHaveBeenCalled()
  })

  it('shows each of a few notifications, and a summary for a burst', () => {
    const granted = port()
    const notifier = new DesktopNotifier(granted)
    notifier.handle([events.orderFilled(), events.tick()])
    expect(granted.show).toHaveBeenCalledTimes(1)
    notifier.handle(
      Array.from({ length: 5 }, (_, index) => events.orderFilled({ id: `o${index}` })),
    )
    expect(granted.show).toHaveBeenLastCalledWith(
      '5 trading events',
      expect.stringContaining('Filled: BUY BTC/USDT'),
      'batch',
    )
  })

  it('reports unsupported without a port and asks for permission with one', async () => {
    expect(new DesktopNotifier(null).permission()).toBe('unsupported')
    expect(await new DesktopNotifier(null).requestPermission()).toBe('unsupported')
    const asking = port('default')
    expect(await new DesktopNotifier(asking).requestPermission()).toBe('granted')
  })
})

describe('DesktopNotifier permission checks', () => {
  it('does not ask for the permission when a batch has nothing to notify', () => {
    const granted = port()
    const permission = vi.spyOn(granted, 'permission')
    new DesktopNotifier(granted).handle([events.tick(), events.equity()])
    expect(permission).not.toHaveBeenCalled()
  })
})
