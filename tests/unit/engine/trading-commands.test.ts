import Decimal from 'decimal.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { tradingCommands } from '../../../src-main/engine/services/trading-commands'
import type { Store } from '../../../src-main/engine/store'
import { aRequest, executionHarness, executionSection } from '../../helpers/execution-kit'
import { openMemoryStore } from '../../helpers/test-store'

const T0 = Date.UTC(2025, 0, 1)

describe('trading commands', () => {
  let store: Store

  beforeAll(async () => {
    store = await openMemoryStore()
  })

  afterAll(async () => {
    await store.close()
  })

  it('lists open orders newest first, also those created in the same millisecond', async () => {
    const config = executionSection({ paper: { starting_balances: { USDT: '100000' } } })
    const harness = executionHarness({ store, clock: new VirtualClock(T0), config })
    harness.prices.setPrice('BTC/USDT', new Decimal('45000'), T0)
    await harness.manager.sync()
    // The stop-loss and the take-profit are placed one after the other on a clock standing still.
    await harness.manager.execute(
      aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
    )
    // Only what orders:list reads; the rest of the engine is not needed.
    const parts = {
      orders: harness.manager,
      positions: harness.tracker,
      repositories: harness.repositories,
      config: { execution: { execution: config } },
      store,
      market: { prices: harness.prices },
    } as unknown as EngineParts
    const listed = await tradingCommands(parts)['orders:list']({ status: 'open', limit: 10 })
    expect(listed.map((order) => [order.role, order.createdAt])).toEqual([
      ['take-profit', T0],
      ['stop-loss', T0],
    ])
  })
})
