import { defaultResponder } from './default-responder'
import type { FakeLlmRequest } from './fake-llm-request'
import type { ScriptedReply } from './scripted-reply'

/** Decides the reply to a generation request. */
export type Responder = (request: FakeLlmRequest) => ScriptedReply | Promise<ScriptedReply>

/** The queue key that matches every model. */
export const ANY_MODEL = '*'

/**
 * Decides what a fake answers: first the queue of the request's model, then the queue for
 * {@link ANY_MODEL}, then the responder set by the test, then {@link defaultResponder}.
 */
export class ReplyScript {
  private readonly queues = new Map<string, ScriptedReply[]>()
  private responder: Responder | undefined

  /** `normalizeModel` maps model names to queue keys (Ollama adds the `:latest` tag). */
  constructor(private readonly normalizeModel: (model: string) => string = (model) => model) {}

  /** Queues replies for one model (or {@link ANY_MODEL}); each request consumes one. */
  enqueue(model: string, ...replies: ScriptedReply[]): void {
    const key = model === ANY_MODEL ? ANY_MODEL : this.normalizeModel(model)
    const queue = this.queues.get(key) ?? []
    queue.push(...replies)
    this.queues.set(key, queue)
  }

  /** Sets the responder used when no queued reply applies; `undefined` restores the default. */
  setResponder(responder: Responder | undefined): void {
    this.responder = responder
  }

  /** Returns how many queued replies remain for `model` (or {@link ANY_MODEL}). */
  pending(model: string): number {
    const key = model === ANY_MODEL ? ANY_MODEL : this.normalizeModel(model)
    return this.queues.get(key)?.length ?? 0
  }

  /** Empties every queue and removes the responder. */
  reset(): void {
    this.queues.clear()
    this.responder = undefined
  }

  /** Returns the reply to `request`, consuming a queued one when there is one. */
  async next(request: FakeLlmRequest): Promise<ScriptedReply> {
    const queued =
      this.queues.get(this.normalizeModel(request.model))?.shift() ??
      this.queues.get(ANY_MODEL)?.shift()
    if (queued) return queued
    return (this.responder ?? defaultResponder)(request)
  }
}
