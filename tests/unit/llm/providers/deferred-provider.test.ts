import { describe, expect, it } from 'vitest'
import type { GenerateRequest } from '../../../../src-main/engine/llm/llm-types'
import { DeferredProvider } from '../../../../src-main/engine/llm/providers/deferred-provider'
import { GPT_MODEL } from '../../../helpers/llm/gpt-model'
import { say, ScriptedProvider } from '../../../helpers/llm/scripted-provider'
import { scriptedSdk } from '../../../helpers/llm/scripted-sdk'

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
    const { provider, loads } = scriptedSdk({ name: 'openai', loaded: () => inner })
    expect(await provider.isConfigured()).toBe(true)
    expect(loads()).toBe(0)

    const first = await provider.generate(request)
    const second = await provider.generate(request)
    expect(first).toMatchObject({ ok: true, text: 'hi' })
    expect(second).toMatchObject({ ok: true, text: 'hi' })
    expect(loads()).toBe(1)
    expect(inner.requests).toHaveLength(2)
  })

  it('answers isConfigured from its own check, without loading', async () => {
    const { provider, loads } = scriptedSdk({
      name: 'anthropic',
      sdk: '@anthropic-ai/sdk',
      isConfigured: () => false,
    })
    expect(await provider.isConfigured()).toBe(false)
    expect(loads()).toBe(0)
  })

  it('refuses a call without its key at once, without loading the SDK', async () => {
    const { provider, loads } = scriptedSdk({ name: 'deepseek', isConfigured: () => false })
    const result = await provider.generate(request)
    expect(result).toMatchObject({ ok: false, provider: 'deepseek', latencyMs: 0 })
    if (!result.ok) expect(result.error).toMatchObject({ kind: 'unavailable' })
    expect(loads()).toBe(0)
  })

  it('turns a failed import into an sdk_load_failed failure naming the provider, the SDK and the cause', async () => {
    const provider = new DeferredProvider({
      name: 'openai',
      sdk: 'openai',
      isConfigured: async () => true,
      load: () => import('./no-such-sdk-module' as string) as never,
    })
    const result = await provider.generate(request)
    expect(result.ok).toBe(false)
    if (result.ok) return
    // Not `unavailable`, which says the provider has no key and is not asked again.
    expect(result.error.kind).toBe('sdk_load_failed')
    expect(result.error.message).toMatch(
      /^provider=openai sdk=openai failed to load: .*no-such-sdk-module/,
    )
    expect(result).toMatchObject({ provider: 'openai', modelId: 'gpt-4o', latencyMs: 0 })
  })

  it('tries the import again on the next call after a failure', async () => {
    const { provider, loads } = scriptedSdk({
      name: 'xai',
      failures: ['disk hiccup'],
      loaded: () => new ScriptedProvider('xai', () => say.text('ok')),
    })
    expect(await provider.generate(request)).toMatchObject({ ok: false })
    expect(await provider.generate(request)).toMatchObject({ ok: true, text: 'ok' })
    expect(loads()).toBe(2)
  })

  it.each([
    [true, 1],
    [false, 0],
  ])('preloads only a provider that can be called (configured=%s)', async (configured, count) => {
    const { provider, loads } = scriptedSdk({ name: 'deepseek', isConfigured: () => configured })
    expect(provider.isLoaded).toBe(false)
    expect(await provider.preload()).toBeNull()
    expect(loads()).toBe(count)
    expect(provider.isLoaded).toBe(configured)
  })

  it('resolves a failed preload to the error its calls then fail with, never rejecting', async () => {
    const missing = "Cannot find module '@anthropic-ai/sdk'"
    const { provider, loads } = scriptedSdk({
      name: 'anthropic',
      sdk: '@anthropic-ai/sdk',
      failures: [missing, missing],
    })
    const expected = {
      kind: 'sdk_load_failed',
      message: `provider=anthropic sdk=@anthropic-ai/sdk failed to load: ${missing}`,
    }
    expect(await provider.preload()).toEqual(expected)
    expect(provider.isLoaded).toBe(false)
    const result = await provider.generate(request)
    expect(result).toMatchObject({ ok: false, latencyMs: 0, error: expected })
    expect(loads()).toBe(2)
  })

  it('keeps only the first line of the cause: no require stack leaves the process', async () => {
    const requireStack =
      "Cannot find module 'openai'\nRequire stack:\n- /app/out/main/index.js\n- /app/out/main/engine.js"
    const { provider } = scriptedSdk({ name: 'deepseek', failures: [requireStack, requireStack] })
    const error = await provider.preload()
    expect(error?.message).toBe(
      "provider=deepseek sdk=openai failed to load: Cannot find module 'openai'",
    )
    const result = await provider.generate(request)
    expect(result.ok ? null : result.error.message).toBe(error?.message)
  })

  it('answers a preload after a successful load without importing again', async () => {
    const { provider, loads } = scriptedSdk({ name: 'openai' })
    expect(await provider.preload()).toBeNull()
    expect(await provider.preload()).toBeNull()
    expect(loads()).toBe(1)
  })
})
