import { randomUUID } from 'node:crypto'
import { CommandError } from '../../../src-shared/result'
import type { CommandHandlers } from '../../transport/command-handlers'
import type { EngineParts } from '../engine-parts'

type Handlers = Pick<
  CommandHandlers,
  'ollama:list' | 'ollama:pull' | 'ollama:cancelPull' | 'ollama:delete'
>

/**
 * Local model management. A pull runs in the background and reports progress as
 * `ollama.pull.progress` events (at most a few per second per pull); it can be cancelled.
 */
export function ollamaCommands(parts: EngineParts): Handlers {
  const { ollama, events, clock } = parts
  const pulls = new Map<string, { name: string; controller: AbortController }>()
  const emit = (
    pullId: string,
    name: string,
    fields: {
      status: string
      completed?: number | null
      total?: number | null
      isDone?: boolean
      error?: string | null
    },
  ) =>
    events.emit({
      type: 'ollama.pull.progress',
      at: clock.now(),
      pullId,
      name,
      status: fields.status,
      completedBytes: fields.completed ?? null,
      totalBytes: fields.total ?? null,
      isDone: fields.isDone ?? false,
      error: fields.error ?? null,
    })

  return {
    'ollama:list': async () => {
      const [local, running] = await Promise.all([ollama.list(), ollama.running()])
      if (!local.ok) {
        return {
          isReachable: false,
          message: `Ollama is not reachable at ${parts.config.agents.providers.ollama.base_url}: ${local.error.message}`,
          models: [],
        }
      }
      const runningNames = new Set(running.ok ? running.value.map((model) => model.name) : [])
      return {
        isReachable: true,
        message: null,
        models: local.value.map((model) => ({
          name: model.name,
          sizeBytes: model.sizeBytes,
          family: model.family,
          parameterSize: model.parameterSize,
          quantization: model.quantization,
          modifiedAt: model.modifiedAt,
          isRunning: runningNames.has(model.name),
        })),
      }
    },
    'ollama:pull': async ({ name }) => {
      if ([...pulls.values()].some((pull) => pull.name === name)) {
        throw new CommandError('CONFLICT', `model ${name} is already being pulled`)
      }
      const pullId = randomUUID()
      const controller = new AbortController()
      pulls.set(pullId, { name, controller })
      let lastEmitAt = Number.NEGATIVE_INFINITY
      emit(pullId, name, { status: 'starting' })
      void ollama
        .pull(name, {
          signal: controller.signal,
          onProgress: (progress) => {
            const now = clock.now()
            if (now - lastEmitAt < 200 && progress.completedBytes !== progress.totalBytes) return
            lastEmitAt = now
            emit(pullId, name, {
              status: progress.status,
              completed: progress.completedBytes,
              total: progress.totalBytes,
            })
          },
        })
        .then((result) => {
          pulls.delete(pullId)
          if (result.ok) emit(pullId, name, { status: 'success', isDone: true })
          else
            emit(pullId, name, {
              status: result.error.kind === 'aborted' ? 'cancelled' : 'failed',
              isDone: true,
              error: result.error.kind === 'aborted' ? null : result.error.message,
            })
        })
      return { pullId, name }
    },
    'ollama:cancelPull': async ({ pullId }) => {
      const pull = pulls.get(pullId)
      if (!pull) throw new CommandError('NOT_FOUND', `no running pull id=${pullId}`)
      pull.controller.abort()
      return { done: true as const }
    },
    'ollama:delete': async ({ name }) => {
      const result = await ollama.delete(name)
      if (!result.ok) {
        throw new CommandError(
          result.error.kind === 'not_found' ? 'NOT_FOUND' : 'UNAVAILABLE',
          `could not delete ${name}: ${result.error.message}`,
        )
      }
      return { done: true as const }
    },
  }
}
