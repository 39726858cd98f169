import { describeThrown, llmError } from '../llm-error'
import type { GenerateRequest, GenerateResult, LlmProvider, ProviderName } from '../llm-types'
import { failureResult } from './provider-result'

export interface DeferredProviderOptions {
  readonly name: ProviderName
  /** Imports the provider's module (and its SDK) and builds the provider. */
  readonly load: () => Promise<LlmProvider>
  /** Answers `isConfigured` without loading the SDK (a key lookup). */
  readonly isConfigured: () => Promise<boolean>
}

/**
 * A provider whose SDK is imported on the first `generate`: the LLM SDKs take hundreds of
 * milliseconds to load and most starts (replay, offline, rules only) never call them. A
 * module that fails to load becomes a failed call naming the provider and the cause, and
 * the next call tries the import again.
 */
export class DeferredProvider implements LlmProvider {
  readonly name: ProviderName
  private loading: Promise<LlmProvider> | null = null

  constructor(private readonly options: DeferredProviderOptions) {
    this.name = options.name
  }

  isConfigured(): Promise<boolean> {
    return this.options.isConfigured()
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    let provider: LlmProvider
    try {
      provider = await this.provider()
    } catch (error) {
      const message = `provider=${this.name} failed to load its SDK: ${describeThrown(error)}`
      return failureResult(this.name, request, llmError('unavailable', message), 0)
    }
    return provider.generate(request)
  }

  private provider(): Promise<LlmProvider> {
    this.loading ??= this.options.load().catch((error: unknown) => {
      this.loading = null
      throw error
    })
    return this.loading
  }
}
