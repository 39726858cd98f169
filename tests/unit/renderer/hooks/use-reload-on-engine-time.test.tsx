// @vitest-environment jsdom
import { act, cleanup, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useReloadOnEngineTime } from '../../../../src-renderer/src/hooks/use-reload-on-engine-time'
import { createStores } from '../../../../src-renderer/src/store/stores'
import { StoresProvider } from '../../../../src-renderer/src/store/stores-context'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'

afterEach(cleanup)

const EVERY_MS = 5

/** The hook inside fresh stores, looking at the engine's time every few milliseconds. */
function setUp(isDue?: (engineMs: number) => boolean) {
  const stores = createStores(new InMemoryEngineApi())
  const load = vi.fn()
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StoresProvider stores={stores}>{children}</StoresProvider>
  )
  renderHook(
    () =>
      useReloadOnEngineTime(load, {
        stepMs: 60_000,
        everyMs: EVERY_MS,
        ...(isDue ? { isDue } : {}),
      }),
    { wrapper },
  )
  /** Sets the engine's time and waits for the hook to look at it. */
  const engineAt = async (engineMs: number) => {
    stores.engineClock.getState().sync(engineMs)
    await act(() => new Promise((resolve) => setTimeout(resolve, EVERY_MS * 4)))
  }
  return { load, engineAt }
}

describe('useReloadOnEngineTime', () => {
  it('loads once per step of engine time, counted from the first time seen', async () => {
    const { load, engineAt } = setUp()
    await engineAt(1_000_000)
    expect(load).not.toHaveBeenCalled()
    await engineAt(1_059_999)
    expect(load).not.toHaveBeenCalled()
    await engineAt(1_060_000)
    expect(load).toHaveBeenCalledTimes(1)
    await engineAt(1_090_000)
    expect(load).toHaveBeenCalledTimes(1)
    await engineAt(1_120_000)
    expect(load).toHaveBeenCalledTimes(2)
  })

  it('does not load while the engine time stands still', async () => {
    const { load, engineAt } = setUp()
    await engineAt(1_000_000)
    await engineAt(1_060_000)
    await engineAt(1_060_000)
    await new Promise((resolve) => setTimeout(resolve, EVERY_MS * 10))
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('waits for isDue, then loads at the next look', async () => {
    let isDue = false
    const { load, engineAt } = setUp(() => isDue)
    await engineAt(1_000_000)
    await engineAt(1_120_000)
    expect(load).not.toHaveBeenCalled()
    isDue = true
    await engineAt(1_120_001)
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('counts afresh from a time that went back (a new replay)', async () => {
    const { load, engineAt } = setUp()
    await engineAt(5_000_000)
    await engineAt(1_000_000)
    await engineAt(1_030_000)
    expect(load).not.toHaveBeenCalled()
    await engineAt(1_060_000)
    expect(load).toHaveBeenCalledTimes(1)
  })
})
