import type { LlmProvider, ProviderName } from '../../../src-main/engine/llm/llm-types'
import { DeferredProvider } from '../../../src-main/engine/llm/providers/deferred-provider'
import { ScriptedProvider } from './scripted-provider'

/** How a {@link scriptedSdk} provider's SDK import goes. */
export interface ScriptedSdkOptions {
  readonly name: ProviderName
  /** The npm package named in load errors; `openai` unless given. */
  readonly sdk?: string
  /** Whether the provider has its key; true unless given. */
  readonly isConfigured?: () => boolean
  /** Errors the first imports throw, one per failed attempt (a message each). */
  readonly failures?: readonly string[]
  /** What a successful import gives; a silent scripted provider unless given. */
  readonly loaded?: () => LlmProvider
}

/** A deferred provider whose SDK import a test scripts, and the count of imports tried. */
export interface ScriptedSdk {
  readonly provider: DeferredProvider
  loads(): number
}

/** A {@link DeferredProvider} whose import fails as scripted, then loads. */
export function scriptedSdk(options: ScriptedSdkOptions): ScriptedSdk {
  let loads = 0
  const provider = new DeferredProvider({
    name: options.name,
    sdk: options.sdk ?? 'openai',
    isConfigured: async () => options.isConfigured?.() ?? true,
    load: async () => {
      const failure = options.failures?.[loads]
      loads++
      if (failure !== undefined) throw new Error(failure)
      return options.loaded?.() ?? new ScriptedProvider(options.name)
    },
  })
  return { provider, loads: () => loads }
}
