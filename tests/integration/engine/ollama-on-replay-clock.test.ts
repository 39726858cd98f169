import { afterAll, beforeAll, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { ReplayMarketSource } from '../../../src-main/engine/market'
import { openStore, type Store } from '../../../src-main/engine/store'
import { FakeOllamaServer } from '../../fakes/llm'
import { createQuietEngine, quietConfig } from '../../helpers/quiet-engine'
import { memoryStoreOptions } from '../../helpers/test-store'

const fake = new FakeOllamaServer()
let url = ''
let store: Store

beforeAll(async () => {
  url = (await fake.start()).url
  store = await openStore(memoryStoreOptions())
})
afterAll(async () => {
  await store.close()
  await fake.stop()
})

it("waits for the local Ollama on this machine's time, not a replay's", async () => {
  const clock = new VirtualClock(Date.UTC(2021, 4, 10))
  const config = quietConfig()
  config.agents.providers.ollama.base_url = url
  const source = new ReplayMarketSource({ clock, logger: silentLogger(), series: [] })
  const engine = await createQuietEngine(clock, source, store, config)
  const listing = engine.parts.ollama.list()
  // A replay at 600× moves a minute in a tenth of a second, longer than the call's deadline.
  await clock.advance(60_000)
  expect(await listing).toMatchObject({ ok: true })
})
