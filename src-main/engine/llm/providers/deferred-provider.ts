import type { LlmError } from '../llm-error'
import type { GenerateRequest, GenerateResult, LlmProvider, ProviderName } from '../llm-types'
import { failureResult, sdkLoadError, unavailableError } from './provider-result'

export interface DeferredProviderOptions {
  readonly name: ProviderName
  /** The npm package `load` imports (`openai`, `@anthropic-ai/sdk`), named in load errors. */
  readonly sdk: string
  /** Imports the provider's module (and its SDK) and builds the provider. */
  readonly load: () => Promise<LlmProvider>
  /** Answers `isConfigured` without loading the SDK (a key lookup); false means no key. */
  readonly isConfigured: () => Promise<boolean>
}

/**
 * A provider whose SDK is imported on the first `generate`, or by {@link preload}: the LLM
 * SDKs take hundreds of milliseconds to load and most starts (replay, offline, rules only)
 * never call them. A module that fails to load becomes a failed call naming the provider, the
 * SDK and the cause (`sdk_load_failed`: the provider is broken, so the router counts the
 * failure and keeps asking, unlike `unavailable` for a missing key), and the next call tries
 * the import again.
 */
export class DeferredProvider implements LlmProvider {
  readonly name: ProviderName
  private loading: Promise<LlmProvider> | null = null
  private loaded: LlmProvider | null = null

  constructor(private readonly options: DeferredProviderOptions) {
    this.name = options.name
  }

  /** Whether the SDK has been imported. */
  get isLoaded(): boolean {
    return this.loaded !== null
  }

  isConfigured(): Promise<boolean> {
    return this.options.isConfigured()
  }

  /**
   * Imports the SDK now when the provider can be called (it has its key), so that its first
   * call's deadline does not include the import and a broken SDK is known before that call;
   * resolves to the `sdk_load_failed` error when the import fails.
   */
  async preload(): Promise<LlmError | null> {
    if (!(await this.isConfigured())) return null
    try {
      await this.provider()
      return null
    } catch (error) {
      return sdkLoadError(this.name, this.options.sdk, error)
    }
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    // Without its key the call fails at once, as the provider itself would: loading the SDK
    // first would only make the refusal slow (and could overrun a replay's fast deadline).
    if (!this.loaded && !(await this.isConfigured())) {
      return failureResult(this.name, request, unavailableError(this.name), 0)
    }
    let provider: LlmProvider
    try {
      provider = await this.provider()
    } catch (error) {
      return failureResult(this.name, request, sdkLoadError(this.name, this.options.sdk, error), 0)
    }
    return provider.generate(request)
  }

  private provider(): Promise<LlmProvider> {
    this.loading ??= this.options.load().then(
      (provider) => (this.loaded = provider),
      (error: unknown) => {
        this.loading = null
        throw error
      },
    )
    return this.loading
  }
}
