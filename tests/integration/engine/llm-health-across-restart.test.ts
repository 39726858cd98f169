import { afterEach, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ReplayMarketSource } from '../../../src-main/engine/market'
import { LlmModelHealthRepository, openStore, type Store } from '../../../src-main/engine/store'
import { createQuietEngine } from '../../helpers/quiet-engine'
import { aTechnicalAnalysisRequest } from '../../helpers/llm/technical-analysis-request'
import { memoryStoreOptions } from '../../helpers/test-store'

let store: Store | null = null
afterEach(async () => {
  await store?.close()
  store = null
})

/*
 * The engine as composed: the LLM layer restores model health from the store, the engine's
 * stop writes what its calls changed (a replay queues it behind, as every state row).
 */
it('keeps the health of a failing model from one engine run to the next', async () => {
  const clock = new VirtualClock(Date.UTC(2026, 0, 1))
  store = await openStore(memoryStoreOptions())
  const opened = store
  const anEngine = () =>
    createQuietEngine(
      clock,
      new ReplayMarketSource({ clock, logger: silentLogger(), series: [] }),
      opened,
    )

  const first = await anEngine()
  await first.start()
  // The quiet config's Ollama is out of reach: the call fails at once.
  expect(await first.parts.llm.router.ask('qwen', aTechnicalAnalysisRequest())).toMatchObject({
    ok: false,
    error: { kind: 'network' },
  })
  await first.stop()
  expect(await new LlmModelHealthRepository(opened.db).load()).toMatchObject([
    { model: 'qwen', consecutiveFailures: 1, lastError: { kind: 'network' } },
  ])

  const second = await anEngine()
  expect(
    second.parts.llm.router.health().models.find((health) => health.model === 'qwen'),
  ).toMatchObject({ status: 'degraded', consecutiveFailures: 1, lastError: { kind: 'network' } })
  await second.start()
  await second.stop()
}, 120_000)
