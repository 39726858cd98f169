import { describe, expect, it } from 'vitest'
import { AwaitedWork } from '../../../src-main/engine/clock'

describe('AwaitedWork', () => {
  it('is idle until work is tracked and again once all of it settled, fulfilled or not', async () => {
    const work = new AwaitedWork()
    expect(work.whenIdle()).toBeNull()
    let succeed!: (value: string) => void
    let fail!: (error: Error) => void
    const first = work.track(new Promise<string>((resolve) => (succeed = resolve)))
    const second = work.track(new Promise<string>((_, reject) => (fail = reject)))
    const idle = work.whenIdle()
    expect(idle).toBeInstanceOf(Promise)
    let isIdle = false
    void idle?.then(() => (isIdle = true))
    succeed('done')
    await expect(first).resolves.toBe('done')
    expect(isIdle).toBe(false)
    fail(new Error('refused'))
    await expect(second).rejects.toThrow('refused')
    await idle
    expect(work.whenIdle()).toBeNull()
  })
})
