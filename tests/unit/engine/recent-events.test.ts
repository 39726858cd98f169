import { describe, expect, it } from 'vitest'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import { RecentEvents } from '../../../src-main/engine/events/recent-events'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import type { EngineEvent } from '../../../src-shared/contract'
import { events } from '../../helpers/renderer/builders'

const notice = (at: number) => events.notice(`notice ${at}`, 'info', at)

describe('RecentEvents', () => {
  it('keeps feed-worthy events, oldest first, and drops the oldest beyond its capacity', () => {
    const recent = new RecentEvents(3)
    for (const at of [1, 2, 3, 4]) recent.record(notice(at))
    expect(recent.latest(10).map((event) => event.at)).toEqual([2, 3, 4])
    expect(recent.latest(2).map((event) => event.at)).toEqual([3, 4])
  })

  it('leads with the coordinator state before the newest events, kept or dropped', () => {
    const running = events.coordinatorState({ state: 'RUNNING' })
    const recent = new RecentEvents(3)
    recent.record({ ...running, at: 1 })
    for (const at of [2, 3]) recent.record(notice(at))
    expect(recent.latest(2)).toEqual([{ ...running, at: 1 }, notice(2), notice(3)])
    expect(recent.latest(3)).toEqual([{ ...running, at: 1 }, notice(2), notice(3)])
    recent.record(notice(4))
    expect(recent.latest(3)).toEqual([{ ...running, at: 1 }, notice(2), notice(3), notice(4)])
    recent.record({ ...running, at: 5 })
    expect(recent.latest(1)).toEqual([
      { ...running, at: 1 },
      { ...running, at: 5 },
    ])
    expect(recent.latest(2)).toEqual([{ ...running, at: 1 }, notice(4), { ...running, at: 5 }])
  })

  it.each<[string, EngineEvent]>([
    ['ticks', events.tick()],
    ['equity updates', events.equity()],
    ['position marks', events.positionUpdated()],
    ['task updates', events.taskUpdated()],
    ['risk status', events.riskStatus()],
    ['outputs of agents other than the trading decision', events.agentOutput()],
    ['pull progress', events.pullProgress()],
  ])('ignores %s', (_name, event) => {
    const recent = new RecentEvents(3)
    recent.record(event)
    expect(recent.latest(10)).toEqual([])
  })

  it.each<[string, EngineEvent]>([
    ['fills', events.orderFilled()],
    ['order updates', events.orderUpdated()],
    ['closed positions', events.positionClosed()],
    ['risk alerts', events.riskAlert()],
    ['trading decisions', events.agentOutput({ agent: 'trading_decision' })],
    ['coordinator changes', events.coordinatorState()],
    ['notices', events.notice()],
  ])('keeps %s', (_name, event) => {
    const recent = new RecentEvents(3)
    recent.record(event)
    expect(recent.latest(10)).toEqual([event])
  })
})

describe('EngineEventHub recent events', () => {
  it('remembers what it emits even while no one listens', () => {
    const hub = new EngineEventHub(silentLogger(), new RecentEvents(10))
    hub.emit(notice(1))
    hub.emit(events.tick())
    const seen: EngineEvent[] = []
    hub.subscribe((event) => seen.push(event))
    hub.emit(notice(2))
    expect(hub.recent.latest(10)).toEqual([notice(1), notice(2)])
    expect(seen).toEqual([notice(2)])
  })
})
