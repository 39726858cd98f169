import { describe, expect, it, vi } from 'vitest'
import { takeToken, TOKEN_STORAGE_KEY } from '../../../../src-renderer/src/api/token'

function memoryStorage(initial: Record<string, string> = {}) {
  const values = new Map(Object.entries(initial))
  return {
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    values,
  }
}

describe('takeToken', () => {
  it('moves ?token= into sessionStorage and strips it from the address, keeping the rest', () => {
    const storage = memoryStorage()
    const history = { replaceState: vi.fn() }
    const token = takeToken(
      { href: 'http://127.0.0.1:8765/?view=orders&token=abc123#top' },
      storage,
      history,
    )
    expect(token).toBe('abc123')
    expect(storage.values.get(TOKEN_STORAGE_KEY)).toBe('abc123')
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/?view=orders#top')
  })

  it('reads the stored token on later loads without touching the address', () => {
    const history = { replaceState: vi.fn() }
    const token = takeToken(
      { href: 'http://127.0.0.1:8765/' },
      memoryStorage({ [TOKEN_STORAGE_KEY]: 'kept' }),
      history,
    )
    expect(token).toBe('kept')
    expect(history.replaceState).not.toHaveBeenCalled()
  })

  it('returns null when there is no token anywhere', () => {
    expect(takeToken({ href: 'http://h/' }, memoryStorage(), { replaceState: vi.fn() })).toBeNull()
  })
})
