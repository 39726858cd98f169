import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  technicalAnalysisOutputSchema,
  type TechnicalAnalysisOutput,
} from '../../../src-main/engine/agents/output-schemas'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { AgentsConfig } from '../../../src-main/engine/config/schemas/agents'
import { createLlmLayer } from '../../../src-main/engine/llm/create-llm-layer'
import {
  RecordingFileError,
  RecordingProvider,
  ReplayProvider,
} from '../../../src-main/engine/llm/llm-recording'
import type { RoutedRequest } from '../../../src-main/engine/llm/llm-router'
import { DeferredProvider } from '../../../src-main/engine/llm/providers/deferred-provider'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { shippedAgentsConfig } from '../../helpers/llm/agents-config'
import { aSnapshot } from '../../helpers/llm/snapshots'

const layer = (mode: AgentsConfig['llm']['record_replay'], dataDir: string, file = 'llm.jsonl') =>
  createLlmLayer({
    config: shippedAgentsConfig((config) => {
      config.llm.record_replay = mode
      config.llm.recording_file = file
      config.providers.ollama.base_url = 'http://127.0.0.1:9'
    }),
    clock: new VirtualClock(),
    logger: silentLogger(),
    env: {},
    dataDir,
  })

describe('createLlmLayer', () => {
  it('wires live providers when record/replay is off, and learns which have no key', async () => {
    const built = await layer('off', tmpdir())
    expect(built).toMatchObject({ mode: 'off', recordingFile: null, recorder: null })
    // Without a key the SDK is not loaded; Ollama needs none and is built directly.
    const openai = built.providers.get('openai')
    expect(openai).toBeInstanceOf(DeferredProvider)
    expect((openai as DeferredProvider).isLoaded).toBe(false)
    expect(built.providers.get('ollama')?.constructor.name).toBe('OllamaProvider')
    const health = built.router.health().providers
    expect(health).toContainEqual({ provider: 'openai', status: 'unavailable' })
    expect(health).toContainEqual({ provider: 'ollama', status: 'healthy' })
    expect(
      built.prompts.systemPrompt('regime_detection', built.router.catalog.get('qwen')!),
    ).toContain('Regime Detection')
  })

  it('loads the SDK of a provider with a key before the engine is ready', async () => {
    const built = await createLlmLayer({
      config: shippedAgentsConfig(),
      clock: new VirtualClock(),
      logger: silentLogger(),
      env: { OPENAI_API_KEY: 'sk-test' },
      dataDir: tmpdir(),
    })
    expect((built.providers.get('openai') as DeferredProvider).isLoaded).toBe(true)
    expect((built.providers.get('anthropic') as DeferredProvider).isLoaded).toBe(false)
    // The real SDK loads, so health says nothing against it.
    expect(built.router.health().providers).toContainEqual({
      provider: 'openai',
      status: 'healthy',
    })
  })

  it('records every call to the file in the data folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-layer-'))
    const built = await layer('record', dir)
    expect(built.recordingFile).toBe(join(dir, 'llm.jsonl'))
    expect(built.providers.get('ollama')).toBeInstanceOf(RecordingProvider)
    const taRequest: RoutedRequest<TechnicalAnalysisOutput> = {
      agent: 'technical_analysis',
      schema: technicalAnalysisOutputSchema,
      schemaName: 'TechnicalAnalysis',
      prompt: () => ({ system: 's', messages: [{ role: 'user', content: 'u' }] }),
      task: { kind: 'technical_analysis', snapshot: aSnapshot() },
    }
    const result = await built.router.ask('gpt', taRequest)
    await built.recorder?.flush()
    // openai has no key here: it is not asked, so nothing goes to the recording either.
    expect(result).toMatchObject({ ok: false, calls: 0, error: { kind: 'unavailable' } })
    // Ollama needs no key: it is asked (and refused on its dead port), and that is recorded.
    const local = await built.router.ask('qwen', taRequest)
    expect(local.calls).toBeGreaterThan(0)
    await built.recorder?.flush()
    const recorded = readFileSync(join(dir, 'llm.jsonl'), 'utf8')
    expect(recorded).toContain('"provider":"ollama"')
    expect(recorded).not.toContain('"provider":"openai"')
  })

  it('falls back past an Ollama whose base URL does not parse instead of throwing', async () => {
    const built = await createLlmLayer({
      config: shippedAgentsConfig((config) => {
        config.providers.ollama.base_url = 'http://bad host:11434'
      }),
      clock: new VirtualClock(),
      logger: silentLogger(),
      env: {},
      dataDir: tmpdir(),
    })
    const result = await built.router.complete<TechnicalAnalysisOutput>({
      agent: 'technical_analysis',
      schema: technicalAnalysisOutputSchema,
      schemaName: 'TechnicalAnalysis',
      prompt: () => ({ system: 's', messages: [{ role: 'user', content: 'u' }] }),
      task: { kind: 'technical_analysis', snapshot: aSnapshot() },
    })
    expect(result).toMatchObject({ ok: true, model: { key: 'rules' } })
    expect(result.failures).toMatchObject([{ model: { key: 'qwen' }, ok: false, calls: 1 }])
  })

  it('replays from an absolute path, and refuses a broken recording at start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tg-layer-'))
    const file = join(dir, 'abs.jsonl')
    writeFileSync(file, '')
    const built = await layer('replay', '/nowhere', file)
    expect(built.recordingFile).toBe(file)
    expect(built.providers.get('anthropic')).toBeInstanceOf(ReplayProvider)
    writeFileSync(file, 'garbage\n')
    await expect(layer('replay', '/nowhere', file)).rejects.toBeInstanceOf(RecordingFileError)
  })
})
