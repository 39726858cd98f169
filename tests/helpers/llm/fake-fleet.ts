import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { FakeAnthropicServer, FakeOllamaServer, FakeOpenAiServer } from '../../fakes/llm'
import type { FakeOllamaServerOptions } from '../../fakes/llm'
import { shippedAgentsConfig } from './agents-config'

/** The keys the fakes accept, in the environment variables agents.yaml names. */
export const FAKE_ENV = {
  OPENAI_API_KEY: 'test-openai-key',
  ANTHROPIC_API_KEY: 'test-anthropic-key',
  DEEPSEEK_API_KEY: 'test-deepseek-key',
  XAI_BEARER_API_KEY: 'test-xai-key',
} as const

/**
 * One fake server per provider (OpenAI, DeepSeek and xAI flavours of the OpenAI fake,
 * Anthropic, Ollama) and the shipped agents.yaml pointed at them.
 */
export async function startFakeFleet(ollamaOptions: FakeOllamaServerOptions = {}) {
  const openai = new FakeOpenAiServer({ apiKey: FAKE_ENV.OPENAI_API_KEY })
  const deepseek = new FakeOpenAiServer({ flavor: 'deepseek', apiKey: FAKE_ENV.DEEPSEEK_API_KEY })
  const xai = new FakeOpenAiServer({ flavor: 'xai', apiKey: FAKE_ENV.XAI_BEARER_API_KEY })
  const anthropic = new FakeAnthropicServer({ apiKey: FAKE_ENV.ANTHROPIC_API_KEY })
  const ollama = new FakeOllamaServer(ollamaOptions)
  const servers = [openai, deepseek, xai, anthropic, ollama]
  await Promise.all(servers.map((server) => server.start()))
  const config = (edit: (config: AgentsConfig) => void = () => {}) =>
    shippedAgentsConfig((agents) => {
      agents.providers.openai.base_url = `${openai.url}/v1`
      // DeepSeek's documented base URL has no /v1.
      agents.providers.deepseek.base_url = deepseek.url
      agents.providers.xai.base_url = `${xai.url}/v1`
      agents.providers.anthropic.base_url = anthropic.url
      agents.providers.ollama.base_url = ollama.url
      edit(agents)
    })
  return {
    openai,
    deepseek,
    xai,
    anthropic,
    ollama,
    config,
    reset: () => servers.forEach((server) => server.reset()),
    stop: () => Promise.all(servers.map((server) => server.stop())),
  }
}

export type FakeFleet = Awaited<ReturnType<typeof startFakeFleet>>
