import { describe, expect, it } from 'vitest'
import { NOTHING_STARTED, VirtualClock } from '../../../src-main/engine/clock'

describe('VirtualClock', () => {
  it('starts at the given time and moves only when advanced', async () => {
    const clock = new VirtualClock(1_000)
    expect(clock.now()).toBe(1_000)
    await clock.advance(500)
    expect(clock.now()).toBe(1_500)
  })

  it('fires timers in due-time order, ties in scheduling order', async () => {
    const clock = new VirtualClock(0)
    const fired: string[] = []
    clock.setTimeout(() => fired.push('c@30'), 30)
    clock.setTimeout(() => fired.push('a@10'), 10)
    clock.setTimeout(() => fired.push('b@10'), 10)
    await clock.advance(100)
    expect(fired).toEqual(['a@10', 'b@10', 'c@30'])
  })

  it('shows each callback the time it was due at', async () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    clock.setTimeout(() => seen.push(clock.now()), 25)
    clock.setTimeout(() => seen.push(clock.now()), 75)
    await clock.advance(100)
    expect(seen).toEqual([25, 75])
    expect(clock.now()).toBe(100)
  })

  it('repeats intervals until cleared', async () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    const handle = clock.setInterval(() => seen.push(clock.now()), 60)
    await clock.advance(200)
    expect(seen).toEqual([60, 120, 180])
    clock.clearTimer(handle)
    await clock.advance(200)
    expect(seen).toEqual([60, 120, 180])
  })

  it('does not fire cancelled timeouts', async () => {
    const clock = new VirtualClock(0)
    let fired = false
    const handle = clock.setTimeout(() => (fired = true), 10)
    clock.clearTimer(handle)
    await clock.advance(20)
    expect(fired).toBe(false)
    expect(clock.pendingTimers()).toBe(0)
  })

  it('fires timers scheduled by a firing callback within the same advance', async () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 10)
    }, 10)
    await clock.advance(30)
    expect(seen).toEqual([10, 20])
  })

  it('lets promise chains started by a callback finish before the next timer fires', async () => {
    const clock = new VirtualClock(0)
    const log: string[] = []
    clock.setTimeout(() => {
      void (async () => {
        for (let step = 0; step < 50; step++) await Promise.resolve()
        log.push('first done')
      })()
    }, 10)
    clock.setTimeout(() => log.push('second'), 20)
    await clock.advance(30)
    expect(log).toEqual(['first done', 'second'])
  })

  it('fires the next timer at once after a callback that says it started nothing', async () => {
    const clock = new VirtualClock(0)
    const log: string[] = []
    const startsWork = (name: string) => () => {
      void Promise.resolve().then(() => log.push(`${name} work`))
      log.push(name)
    }
    clock.setTimeout(startsWork('a'), 10)
    clock.setTimeout(() => {
      // Untrue on purpose: the clock believes it and does not wait for this work.
      startsWork('b')()
      return NOTHING_STARTED
    }, 20)
    clock.setTimeout(() => log.push('c'), 30)
    await clock.advanceTo(40)
    expect(log).toEqual(['a', 'a work', 'b', 'c', 'b work'])
  })

  it('waits for outside work a callback started before the next timer fires', async () => {
    const clock = new VirtualClock(0)
    const log: string[] = []
    let inFlight: Promise<void> | null = null
    clock.waitForBeforeMoving(() => inFlight)
    clock.setTimeout(() => {
      // An answer from another thread: later than any macrotask the clock would wait for.
      inFlight = new Promise<void>((resolve) =>
        setTimeout(() => {
          log.push('answer at 10')
          inFlight = null
          resolve()
        }, 20),
      )
    }, 10)
    clock.setTimeout(() => log.push('timer at 20'), 20)
    await clock.advanceTo(30)
    expect(log).toEqual(['answer at 10', 'timer at 20'])
  })

  it('resolves sleep when time reaches it', async () => {
    const clock = new VirtualClock(0)
    let woke = false
    void clock.sleep(50).then(() => (woke = true))
    await clock.advance(49)
    expect(woke).toBe(false)
    await clock.advance(1)
    expect(woke).toBe(true)
  })

  it('refuses to go backwards', async () => {
    const clock = new VirtualClock(100)
    await expect(clock.advance(-1)).rejects.toThrow(/backwards/)
    await expect(clock.advanceTo(50)).rejects.toThrow(/now=100 target=50/)
  })

  it('runAll jumps from timer to timer and reports the next due time', async () => {
    const clock = new VirtualClock(0)
    const seen: number[] = []
    clock.setTimeout(() => seen.push(clock.now()), 1_000)
    clock.setTimeout(() => seen.push(clock.now()), 5_000)
    expect(clock.nextDueAt()).toBe(1_000)
    await clock.runAll()
    expect(seen).toEqual([1_000, 5_000])
    expect(clock.nextDueAt()).toBeNull()
  })

  it('is deterministic: the same schedule gives the same sequence', async () => {
    const run = async () => {
      const clock = new VirtualClock(0)
      const seen: string[] = []
      for (const [name, delay] of [
        ['x', 7],
        ['y', 3],
        ['z', 7],
      ] as const) {
        clock.setInterval(() => seen.push(`${name}${clock.now()}`), delay)
      }
      await clock.advance(21)
      return seen
    }
    expect(await run()).toEqual(await run())
  })
})
