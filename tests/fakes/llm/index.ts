/**
 * Local fake servers for the OpenAI (DeepSeek, xAI), Anthropic and Ollama HTTP APIs that the
 * real SDKs talk to unmodified. Typical use:
 *
 * ```ts
 * const fake = new FakeOpenAiServer({ apiKey: 'sk-test' })
 * const { url } = await fake.start()
 * const openai = new OpenAI({ apiKey: 'sk-test', baseURL: `${url}/v1`, maxRetries: 0, timeout: 2_000 })
 * fake.enqueue('gpt-4o-mini', reply.error(429), reply.json({ action: 'HOLD' }))
 * // ... exercise the code under test, then inspect fake.requests ...
 * await fake.stop()
 * ```
 */
export { FakeAnthropicServer } from './fake-anthropic-server'
export type { FakeAnthropicServerOptions } from './fake-anthropic-server'
export { HttpExchange, FakeHttpServer } from './fake-http-server'
export type { FakeLlmRequest, FakeMessage, FakeProvider, RequestedFormat } from './fake-llm-request'
export { FAKE_EPOCH_MS, FakeLlmServer } from './fake-llm-server'
export type { FakeLlmServerOptions } from './fake-llm-server'
export { FakeOllamaServer } from './fake-ollama-server'
export type {
  FakeOllamaServerOptions,
  PullOutcome,
  PullPace,
  PullRecord,
} from './fake-ollama-server'
export { FakeOpenAiServer } from './fake-openai-server'
export type { FakeOpenAiServerOptions, OpenAiFlavor } from './fake-openai-server'
export { defaultResponder, estimateTokens } from './default-responder'
export { sampleFromJsonSchema } from './json-schema-sample'
export { OllamaModelStore, digestOf, normalizeModelName } from './ollama-model-store'
export type { FakeOllamaModel, FakeOllamaModelSeed } from './ollama-model-store'
export { ANY_MODEL, ReplyScript } from './reply-script'
export type { Responder } from './reply-script'
export { REDACTED, RequestLog } from './request-log'
export type { LoggedRequest } from './request-log'
export { MALFORMED_JSON_TEXT, reply } from './scripted-reply'
export type { FakeFinishReason, FakeHeaders, FakeUsage, ScriptedReply } from './scripted-reply'
