import { isAbsolute, join } from 'node:path'
import type { Fetch } from 'ollama'
import type { Clock } from '../clock'
import type { AgentsConfig } from '../config/schemas/agents'
import type { Logger } from '../logging/logger'
import type { ApiKeyStore } from './api-key-store'
import type { LlmCallSink } from './llm-call-record'
import type { ModelHealthStore } from './model-health-record'
import { LlmRecorder, LlmRecording, withRecordReplay, type RecordReplayMode } from './llm-recording'
import { LlmRouter } from './llm-router'
import type { ProviderRegistry } from './llm-types'
import { PromptBuilder } from './prompt-builder'
import { createProviders } from './providers/create-providers'

export interface LlmLayerOptions {
  readonly config: AgentsConfig
  readonly clock: Clock
  readonly logger: Logger
  readonly env: Readonly<Record<string, string | undefined>>
  readonly keyStore?: ApiKeyStore
  /** Where call accounting goes (the LlmCallRepository). */
  readonly calls?: LlmCallSink
  /** Where model health is kept across restarts (the LlmModelHealthRepository). */
  readonly healthStore?: ModelHealthStore
  /** The folder a relative `llm.recording_file` lives in (the user data folder). */
  readonly dataDir: string
  readonly ollamaFetch?: Fetch
}

/** The LLM layer as the composition root hands it to the agents. */
export interface LlmLayer {
  readonly router: LlmRouter
  readonly prompts: PromptBuilder
  readonly providers: ProviderRegistry
  readonly mode: RecordReplayMode
  /** The recording file in record and replay mode, null when off. */
  readonly recordingFile: string | null
  /** The recorder in record mode; flush it on shutdown. */
  readonly recorder: LlmRecorder | null
}

/**
 * Builds providers, record/replay wrapping, router and prompt builder from agents.yaml, and
 * restores the models' saved health. In replay mode the recording is read here, so a broken
 * file stops the start with the file and line ({@link RecordingFileError}).
 */
export async function createLlmLayer(options: LlmLayerOptions): Promise<LlmLayer> {
  const { config, clock, logger } = options
  const live = createProviders({
    config,
    clock,
    logger,
    env: options.env,
    ...(options.keyStore ? { keyStore: options.keyStore } : {}),
    ...(options.ollamaFetch ? { ollamaFetch: options.ollamaFetch } : {}),
  })
  const mode = config.llm.record_replay
  const file = config.llm.recording_file
  const recordingFile =
    mode === 'off' ? null : isAbsolute(file) ? file : join(options.dataDir, file)
  const recorder =
    mode === 'record' && recordingFile ? new LlmRecorder(recordingFile, logger) : null
  const recording =
    mode === 'replay' && recordingFile ? await LlmRecording.load(recordingFile) : undefined
  const providers = withRecordReplay(live, mode, {
    ...(recorder ? { recorder } : {}),
    ...(recording ? { recording } : {}),
  })
  const router = new LlmRouter({
    config,
    providers,
    clock,
    logger,
    ...(options.calls ? { calls: options.calls } : {}),
    ...(options.healthStore ? { healthStore: options.healthStore } : {}),
  })
  // Before the availability below, which overrides what a start asks again (keys, SDK loads),
  // and before the coordinator's first assessment reads health.
  await router.restoreHealth()
  // Every provider with a key loads its SDK here, before the engine is ready: an import inside
  // its first call's deadline could time the call out (on a replay's fast clock above all),
  // and an SDK that fails to load shows in health from the start. Recorded answers (replay
  // mode) never reach the live providers, so nothing is loaded then.
  await router.refreshAvailability()
  logger.info({ mode, recordingFile, recorded: recording?.remaining() ?? null }, 'LLM layer ready')
  return {
    router,
    prompts: new PromptBuilder({ safetyMargin: config.llm.token_safety_margin, logger }),
    providers,
    mode,
    recordingFile,
    recorder,
  }
}
