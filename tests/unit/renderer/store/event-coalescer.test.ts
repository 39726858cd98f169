import { describe, expect, it, vi } from 'vitest'
import type { EngineEvent } from '../../../../src-shared/contract'
import {
  animationFrameScheduler,
  EventCoalescer,
} from '../../../../src-renderer/src/store/event-coalescer'
import { events } from '../../../helpers/renderer/builders'
import { ManualScheduler } from '../../../helpers/renderer/manual-scheduler'

describe('EventCoalescer', () => {
  it('hands a burst of events to the sink as one batch on the next frame, in order', () => {
    const scheduler = new ManualScheduler()
    const batches: (readonly EngineEvent[])[] = []
    const coalescer = new EventCoalescer(scheduler, (batch) => batches.push(batch))
    const burst = Array.from({ length: 100 }, (_, index) => events.tick('BTC/USDT', `${index}`))
    for (const event of burst) coalescer.push(event)
    expect(batches).toEqual([])
    expect(scheduler.pendingFrames).toBe(1)
    scheduler.runFrame()
    expect(batches).toEqual([burst])
  })

  it('requests a new frame only once the previous batch went out', () => {
    const scheduler = new ManualScheduler()
    const batches: number[] = []
    const coalescer = new EventCoalescer(scheduler, (batch) => batches.push(batch.length))
    coalescer.push(events.tick())
    scheduler.runFrame()
    scheduler.runFrame()
    coalescer.push(events.tick())
    coalescer.push(events.tick())
    scheduler.runFrame()
    expect(batches).toEqual([1, 2])
  })

  it('flushes on demand and cancels the pending frame', () => {
    const scheduler = new ManualScheduler()
    const sink = vi.fn()
    const coalescer = new EventCoalescer(scheduler, sink)
    coalescer.push(events.tick())
    coalescer.flush()
    expect(sink).toHaveBeenCalledOnce()
    expect(scheduler.pendingFrames).toBe(0)
    coalescer.flush()
    expect(sink).toHaveBeenCalledOnce()
  })

  it('drops buffered events and ignores new ones after stop', () => {
    const scheduler = new ManualScheduler()
    const sink = vi.fn()
    const coalescer = new EventCoalescer(scheduler, sink)
    coalescer.push(events.tick())
    coalescer.stop()
    coalescer.push(events.tick())
    scheduler.runFrame()
    expect(sink).not.toHaveBeenCalled()
    expect(scheduler.pendingFrames).toBe(0)
  })
})

describe('animationFrameScheduler', () => {
  function fakeWindow() {
    const frames = new Map<number, () => void>()
    const timers = new Map<number, () => void>()
    let next = 1
    const win = {
      requestAnimationFrame: (callback: () => void) => (frames.set(next, callback), next++),
      cancelAnimationFrame: (handle: number) => void frames.delete(handle),
      setTimeout: (callback: () => void) => (timers.set(next, callback), next++),
      clearTimeout: (handle: number) => void timers.delete(handle),
    }
    return { win: win as unknown as Window, frames, timers }
  }

  it('runs the callback once on the animation frame and clears the fallback timer', () => {
    const { win, frames, timers } = fakeWindow()
    const callback = vi.fn()
    animationFrameScheduler(win).request(callback)
    for (const frame of [...frames.values()]) frame()
    expect(callback).toHaveBeenCalledOnce()
    expect(timers.size).toBe(0)
  })

  it('falls back to a timer when no frame comes (background tab), and runs only once', () => {
    const { win, frames, timers } = fakeWindow()
    const callback = vi.fn()
    animationFrameScheduler(win).request(callback)
    for (const timer of [...timers.values()]) timer()
    expect(frames.size).toBe(0)
    expect(callback).toHaveBeenCalledOnce()
  })

  it('cancels both the frame and the timer', () => {
    const { win, frames, timers } = fakeWindow()
    const scheduler = animationFrameScheduler(win)
    const callback = vi.fn()
    scheduler.cancel(scheduler.request(callback))
    expect(frames.size + timers.size).toBe(0)
  })
})
