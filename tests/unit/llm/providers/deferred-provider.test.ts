import { describe, expect, it } from 'vitest'
import type { GenerateRequest } from '../../../../src-main/engine/llm/llm-types'
import { DeferredProvider } from '../../../../src-main/engine/llm/providers/deferred-provider'
import { GPT_MODEL } from '../../../helpers/llm/gpt-model'
import { say, ScriptedProvider } from '../../../helpers/llm/scripted-provider'

const model = GPT_MODEL

const request: GenerateRequest = {
  model,
  system: 'sys',
  messages: [{ role: 'user', content: 'hello' }],
  timeoutMs: 1000,
}

describe('DeferredProvider', () => {
  it('loads nothing until the first call, then loads once and delegates', async () => {
    const inner = new ScriptedProvider('openai', () => say.text('hi'))
    let loads = 0
    const provider = new DeferredProvider({
      name: 'openai',
      isConfigured: async () => true,
      load: async () => {
        loads++
        return inner
      },
    })
    expect(await provider.isConfigured()).toBe(true)
    expect(loads).toBe(0)

    const first = await provider.generate(request)
    const second = await provider.generate(request)
    expect(first).toMatchObject({ ok: true, text: 'hi' })
    expect(second).toMatchObject({ ok: true, text: 'hi' })
    expect(loads).toBe(1)
    expect(inner.requests).toHaveLength(2)
  })

  it('answers isConfigured from its own check, without loading', async () => {
    let loads = 0
    const provider = new DeferredProvider({
      name: 'anthropic',
      isConfigured: async () => false,
      load: async () => {
        loads++
        return new ScriptedProvider('anthropic')
      },
    })
    expect(await provider.isConfigured()).toBe(false)
    expect(loads).toBe(0)
  })

  it('refuses a call without its key at once, without loading the SDK', async () => {
    let loads = 0
    const provider = new DeferredProvider({
      name: 'deepseek',
      isConfigured: async () => false,
      load: async () => {
        loads++
        return new ScriptedProvider('deepseek')
      },
    })
    const result = await provider.generate(request)
    expect(result).toMatchObject({ ok: false, provider: 'deepseek', latencyMs: 0 })
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'unavailable' })
    expect(loads).toBe(0)
  })

  it('turns a failed import into an sdk_load_failed failure naming the provider and the cause', async () => {
    const provider = new DeferredProvider({
      name: 'openai',
      isConfigured: async () => true,
      load: () => import('./no-such-sdk-module' as string) as never,
    })
    const result = await provider.generate(request)
    expect(result.ok).toBe(false)
    if (result.ok) return
    // Not `unavailable`, which says the provider has no key and is not asked again.
    expect(result.error.kind).toBe('sdk_load_failed')
    expect(result.error.message).toMatch(
      /^provider=openai failed to load its SDK: .*no-such-sdk-module/,
    )
    expect(result).toMatchObject({ provider: 'openai', modelId: 'gpt-4o', latencyMs: 0 })
  })

  it('tries the import again on the next call after a failure', async () => {
    let attempts = 0
    const provider = new DeferredProvider({
      name: 'xai',
      isConfigured: async () => true,
      load: async () => {
        attempts++
        if (attempts === 1) throw new Error('disk hiccup')
        return new ScriptedProvider('xai', () => say.text('ok'))
      },
    })
    expect(await provider.generate(request)).toMatchObject({ ok: false })
    expect(await provider.generate(request)).toMatchObject({ ok: true, text: 'ok' })
    expect(attempts).toBe(2)
  })

  it.each([
    [true, 1],
    [false, 0],
  ])('preloads only a provider that can be called (configured=%s)', async (configured, loads) => {
    let count = 0
    const provider = new DeferredProvider({
      name: 'deepseek',
      isConfigured: async () => configured,
      load: async () => {
        count++
        return new ScriptedProvider('deepseek')
      },
    })
    expect(provider.isLoaded).toBe(false)
    await provider.preload()
    expect(count).toBe(loads)
    expect(provider.isLoaded).toBe(configured)
  })

  it('rejects a preload whose import fails', async () => {
    const provider = new DeferredProvider({
      name: 'anthropic',
      isConfigured: async () => true,
      load: async () => {
        throw new Error('module not found')
      },
    })
    await expect(provider.preload()).rejects.toThrow('module not found')
    expect(provider.isLoaded).toBe(false)
  })
})
