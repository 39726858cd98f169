import { describe, expect, it, vi } from 'vitest'
import type { DesktopBridge } from '../../../../src-shared/desktop-bridge'
import { EngineError } from '../../../../src-renderer/src/api/engine-error'
import { createIpcClient } from '../../../../src-renderer/src/api/ipc-client'
import { aCoordinatorStatus, events } from '../../../helpers/renderer/builders'

function bridge(answer: Awaited<ReturnType<DesktopBridge['invoke']>>): DesktopBridge {
  return {
    host: 'desktop',
    invoke: vi.fn(async () => answer),
    onEvent: vi.fn(() => () => undefined),
  }
}

describe('createIpcClient', () => {
  it('returns the value of an ok result and passes the input through', async () => {
    const status = aCoordinatorStatus()
    const preload = bridge({ ok: true, value: status })
    const api = createIpcClient(preload)
    await expect(api.invoke('coordinator:pause')).resolves.toEqual(status)
    expect(preload.invoke).toHaveBeenCalledWith('coordinator:pause', {})
  })

  it('rejects with an EngineError carrying the code and message of a failed result', async () => {
    const api = createIpcClient(
      bridge({ ok: false, error: { code: 'CONFLICT', message: 'already halted' } }),
    )
    const error = await api.invoke('coordinator:resume').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(EngineError)
    expect(error).toMatchObject({ code: 'CONFLICT', message: 'already halted' })
  })

  it('hands event subscriptions to the bridge, drops non-events, and returns its unsubscribe', () => {
    const unsubscribe = vi.fn()
    let listener: ((event: unknown) => void) | undefined
    const preload: DesktopBridge = {
      host: 'desktop',
      invoke: vi.fn(),
      onEvent: (callback) => {
        listener = callback
        return unsubscribe
      },
    }
    const received: unknown[] = []
    const stop = createIpcClient(preload).onEvent((event) => received.push(event))
    listener?.(events.tick())
    listener?.({ type: 'not.an.event' })
    stop()
    expect(received).toEqual([events.tick()])
    expect(unsubscribe).toHaveBeenCalledOnce()
  })
})
