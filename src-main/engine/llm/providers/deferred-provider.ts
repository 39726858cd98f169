import type { GenerateRequest, GenerateResult, LlmProvider, ProviderName } from '../llm-types'
import { failureResult, sdkLoadError, unavailableError } from './provider-result'

export interface DeferredProviderOptions {
  readonly name: ProviderName
  /** Imports the provider's module (and its SDK) and builds the provider. */
  readonly load: () => Promise<LlmProvider>
  /** Answers `isConfigured` without loading the SDK (a key lookup); false means no key. */
  readonly isConfigured: () => Promise<boolean>
}

/**
 * A provider whose SDK is imported on the first `generate`, or by {@link preload}: the LLM
 * SDKs take hundreds of milliseconds to load and most starts (replay, offline, rules only)
 * never call them. A module that fails to load becomes a failed call naming the provider and
 * the cause (`sdk_load_failed`: the provider is broken, so the router counts the failure and
 * keeps asking, unlike `unavailable` for a missing key), and the next call tries the import
 * again.
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
   * call's deadline does not include the import; rejects when the import fails.
   */
  async preload(): Promise<void> {
    if (await this.isConfigured()) await this.provider()
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
      return failureResult(this.name, request, sdkLoadError(this.name, error), 0)
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
