import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { OllamaModelManager } from '../../../src-main/engine/llm/ollama-model-manager'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ollamaCommands } from '../../../src-main/engine/services/ollama-commands'
import type { EngineEvent } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import { digestOf, FakeOllamaServer } from '../../fakes/llm'

type PullEvent = Extract<EngineEvent, { type: 'ollama.pull.progress' }>

const T0 = Date.UTC(2026, 11, 4)
const fake = new FakeOllamaServer({
  running: ['qwen2.5:7b'],
  registry: [{ name: 'mistral:latest', family: 'llama', parameterSize: '7.2B' }],
  pullPace: { progressSteps: 4, intervalMs: 5, layerBytes: 4_000 },
})
let host: string

beforeAll(async () => {
  host = (await fake.start()).url
})
afterAll(() => fake.stop())
beforeEach(() => fake.reset())

/** The Ollama commands on the real model manager, with the events they emit collected. */
function commandsOn(ollamaHost: string) {
  const emitted: PullEvent[] = []
  // The clock stands still: only what the throttle always lets through is emitted.
  const clock = new VirtualClock(T0)
  const parts = {
    ollama: new OllamaModelManager({ host: ollamaHost, clock, logger: silentLogger() }),
    events: {
      emit: (event: EngineEvent) => {
        if (event.type === 'ollama.pull.progress') emitted.push(event)
      },
    },
    clock,
    config: { agents: { providers: { ollama: { base_url: ollamaHost } } } },
  } as unknown as EngineParts
  const settled = async (pullId: string): Promise<PullEvent[]> => {
    await fake.whenPullsSettled()
    await expect.poll(() => emitted.some((event) => event.isDone)).toBe(true)
    return emitted.filter((event) => event.pullId === pullId)
  }
  return { commands: ollamaCommands(parts), emitted, settled }
}

async function refusal(call: Promise<unknown>): Promise<Pick<CommandError, 'code' | 'message'>> {
  const error = await call.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(CommandError)
  const { code, message } = error as CommandError
  return { code, message }
}

describe('Ollama commands', () => {
  it('list the local models and say which are loaded', async () => {
    const listed = await commandsOn(host).commands['ollama:list']({})
    expect(listed.isReachable).toBe(true)
    expect(listed.message).toBeNull()
    expect(listed.models.map((model) => [model.name, model.family, model.isRunning])).toEqual([
      ['llama3.2:latest', 'llama', false],
      ['qwen2.5:7b', 'qwen2', true],
    ])
  })

  it('say where Ollama was looked for when it does not answer', async () => {
    const listed = await commandsOn('http://127.0.0.1:9').commands['ollama:list']({})
    expect(listed).toMatchObject({ isReachable: false, models: [] })
    expect(listed.message).toMatch(/^Ollama is not reachable at http:\/\/127\.0\.0\.1:9: /)
  })

  it('pull in the background, reporting progress as events until success', async () => {
    const { commands, settled } = commandsOn(host)
    const started = await commands['ollama:pull']({ name: 'mistral' })
    expect(started.name).toBe('mistral')
    const events = await settled(started.pullId)
    const layer = `pulling ${digestOf('mistral').slice(0, 12)}`
    // Byte progress within 200 ms of the last event is dropped, except the layer's end.
    expect(events.map((event) => [event.status, event.completedBytes, event.isDone])).toEqual([
      ['starting', null, false],
      ['pulling manifest', null, false],
      [layer, 4_000, false],
      ['verifying sha256 digest', null, false],
      ['writing manifest', null, false],
      ['removing any unused layers', null, false],
      ['success', null, false],
      ['success', null, true],
    ])
    expect(events.every((event) => event.name === 'mistral' && event.error === null)).toBe(true)
    const listed = await commands['ollama:list']({})
    expect(listed.models.map((model) => model.name)).toContain('mistral:latest')
  })

  it('refuse a second pull of a model being pulled, and cancel a pull', async () => {
    fake.setPullPace({ progressSteps: 200, intervalMs: 20 })
    const { commands, settled } = commandsOn(host)
    const { pullId } = await commands['ollama:pull']({ name: 'mistral' })
    expect(await refusal(commands['ollama:pull']({ name: 'mistral' }))).toEqual({
      code: 'CONFLICT',
      message: 'model mistral is already being pulled',
    })
    // Cancelled while Ollama is sending it.
    await expect.poll(() => fake.pulls().length).toBe(1)
    expect(await commands['ollama:cancelPull']({ pullId })).toEqual({ done: true })
    const last = (await settled(pullId)).at(-1)
    expect(last).toMatchObject({ status: 'cancelled', isDone: true, error: null })
    expect(fake.pulls().map((pull) => pull.outcome)).toEqual(['cancelled'])
    // The pull is over: cancelling it again finds nothing.
    expect((await refusal(commands['ollama:cancelPull']({ pullId }))).code).toBe('NOT_FOUND')
  })

  it('report a pull the registry cannot serve as failed, with its reason', async () => {
    const { commands, settled } = commandsOn(host)
    const { pullId } = await commands['ollama:pull']({ name: 'no-such-model' })
    expect((await settled(pullId)).at(-1)).toMatchObject({
      status: 'failed',
      isDone: true,
      error: 'pull model manifest: file does not exist',
    })
  })

  it('delete a local model, and refuse one that is not there', async () => {
    const { commands } = commandsOn(host)
    expect(await commands['ollama:delete']({ name: 'llama3.2:latest' })).toEqual({ done: true })
    expect(await refusal(commands['ollama:delete']({ name: 'llama3.2:latest' }))).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/^could not delete llama3\.2:latest: /),
    })
    const offline = commandsOn('http://127.0.0.1:9').commands
    expect((await refusal(offline['ollama:delete']({ name: 'qwen2.5:7b' }))).code).toBe(
      'UNAVAILABLE',
    )
  })
})
