import Decimal from 'decimal.js'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { EngineParts } from '../../../src-main/engine/engine-parts'
import { tradingCommands } from '../../../src-main/engine/services/trading-commands'
import type { Store } from '../../../src-main/engine/store'
import { COMMANDS } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import type { Broker } from '../../../src-main/engine/execution/broker/broker'
import { faults, FaultyBroker } from '../../fakes/faulty-broker'
import {
  aRequest,
  executionHarness,
  paperBrokerOn,
  executionSection,
  truncateExecutionTables,
} from '../../helpers/execution-kit'
import { useMemoryStore } from '../../helpers/test-store'
import { aPosition } from '../execution/position-builder'

const T0 = Date.UTC(2025, 0, 1)

describe('trading commands', () => {
  let store: Store
  useMemoryStore((opened) => (store = opened), truncateExecutionTables)

  it('lists open orders newest first, also those created in the same millisecond', async () => {
    // The stop-loss and the take-profit are placed one after the other on a clock standing still.
    const { commands } = await openLong()
    const listed = await commands['orders:list']({ status: 'open', limit: 10 })
    expect(listed.map((order) => [order.role, order.createdAt])).toEqual([
      ['take-profit', T0],
      ['stop-loss', T0],
    ])
  })

  it("lists a symbol's closed positions even when other symbols closed more recently", async () => {
    const harness = executionHarness({ store, clock: new VirtualClock(T0) })
    const closed = (n: number, symbol: string) =>
      aPosition({
        id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
        symbol,
        size: new Decimal(0),
        status: 'closed',
        exitPrice: new Decimal('46000'),
        closeReason: 'manual',
        closedAtMs: T0 + n * 60_000,
      })
    // Two XRP closes, then three newer BTC ones.
    for (const position of [
      closed(1, 'XRP/USDT'),
      closed(2, 'XRP/USDT'),
      closed(3, 'BTC/USDT'),
      closed(4, 'BTC/USDT'),
      closed(5, 'BTC/USDT'),
    ]) {
      await harness.repositories.positions.save(position)
    }
    const parts = {
      positions: harness.tracker,
      config: { execution: { execution: harness.config } },
      market: { prices: harness.prices },
    } as unknown as EngineParts
    const listed = await tradingCommands(parts)['positions:list'](
      COMMANDS['positions:list'].input.parse({ status: 'closed', symbol: 'XRP/USDT', limit: 2 }),
    )
    expect(listed.map((position) => position.closedAt)).toEqual([T0 + 120_000, T0 + 60_000])
  })

  /** A 0.05 BTC long at 45,000 with a stop-loss and a take-profit, and the handlers over it. */
  async function openLong(options: { broker?: (inner: Broker) => Broker } = {}) {
    const config = executionSection({ paper: { starting_balances: { USDT: '100000' } } })
    const harness = executionHarness({
      store,
      clock: new VirtualClock(T0),
      config,
      ...(options.broker ? { broker: (parts) => options.broker!(paperBrokerOn(parts)) } : {}),
    })
    harness.prices.setPrice('BTC/USDT', new Decimal('45000'), T0)
    await harness.manager.sync()
    const opened = await harness.manager.execute(
      aRequest().buy('0.05').leverage(2).stopLoss('44000').takeProfit('47000').build(),
    )
    if (!opened.success) throw new Error(opened.message)
    const parts = {
      orders: harness.manager,
      positions: harness.tracker,
      broker: harness.broker,
      repositories: harness.repositories,
      config: { execution: { execution: config } },
      store,
      market: { prices: harness.prices },
    } as unknown as EngineParts
    const commands = tradingCommands(parts)
    const id = opened.order.positionId!
    const preview = (amount: object) =>
      commands['positions:closePreview'](
        COMMANDS['positions:closePreview'].input.parse({ id, ...amount }),
      )
    const close = (amount: object) =>
      commands['positions:close'](COMMANDS['positions:close'].input.parse({ id, ...amount }))
    const protection = async () =>
      (await commands['orders:list']({ status: 'open', limit: 10 }))
        .map((order) => [order.role, order.size])
        .sort()
    return { harness, commands, id, preview, close, protection }
  }

  describe('closing part of a position', () => {
    it('estimates the fee and P&L of the part only', async () => {
      const { preview } = await openLong()
      const all = await preview({})
      const quarter = await preview({ sizePct: '25' })
      expect(all).toMatchObject({ closeSize: '0.05', remainingSize: '0', estimatedFee: '5.85' })
      expect(quarter).toMatchObject({
        closeSize: '0.0125',
        remainingSize: '0.0375',
        estimatedExitPrice: '45000',
        estimatedFee: '1.46',
      })
      // A quarter of the position carries a quarter of its entry fees.
      expect(new Decimal(quarter.estimatedPnl).toFixed(1)).toBe(
        new Decimal(all.estimatedPnl).div(4).toFixed(1),
      )
    })

    it('closes the size asked for, reports what remains and resizes the stop-loss and take-profit', async () => {
      const { close, commands, id, protection } = await openLong()
      const result = await close({ size: '0.02' })
      expect(result).toMatchObject({
        id,
        status: 'open',
        size: '0.03',
        closedSize: '0.02',
        remainingSize: '0.03',
      })
      expect(await protection()).toEqual([
        ['stop-loss', '0.03'],
        ['take-profit', '0.03'],
      ])
      expect((await commands['positions:get']({ id })).size).toBe('0.03')
    })

    it('refuses a size above the open size, naming the field and closing nothing', async () => {
      const { close, preview, id, protection } = await openLong()
      const refused = await close({ size: '0.06' }).catch((error: unknown) => error)
      expect(refused).toBeInstanceOf(CommandError)
      expect(refused).toMatchObject({
        code: 'BAD_REQUEST',
        message: `size=0.06 is above the open size=0.05 of position id=${id}`,
      })
      await expect(preview({ size: '0.06' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
      expect(await protection()).toEqual([
        ['stop-loss', '0.05'],
        ['take-profit', '0.05'],
      ])
    })

    it('closes all of it when the size asked for is the open size', async () => {
      const { close, protection } = await openLong()
      await close({ sizePct: '50' })
      const result = await close({ size: '0.025' })
      expect(result).toMatchObject({ status: 'closed', closedSize: '0.025', remainingSize: '0' })
      expect(await protection()).toEqual([])
    })
  })

  describe("changing a position's stop-loss, take-profit and trailing stop", () => {
    const modify = (commands: ReturnType<typeof tradingCommands>, input: object) =>
      commands['positions:modify'](COMMANDS['positions:modify'].input.parse(input))
    const triggers = async (commands: ReturnType<typeof tradingCommands>) =>
      (await commands['orders:list']({ status: 'open', limit: 10 }))
        .map((order) => [order.role, order.triggerPrice])
        .sort()

    it('moves the levels and the orders that carry them', async () => {
      const { commands, id } = await openLong()
      const moved = await modify(commands, { id, stopLoss: '44500', takeProfit: '48000' })
      expect(moved).toMatchObject({ id, stopLoss: '44500', takeProfit: '48000' })
      expect(await triggers(commands)).toEqual([
        ['stop-loss', '44500'],
        ['take-profit', '48000'],
      ])
      // null removes a level: its order is cancelled, the other stays.
      expect(await modify(commands, { id, takeProfit: null })).toMatchObject({
        stopLoss: '44500',
        takeProfit: null,
      })
      expect(await triggers(commands)).toEqual([['stop-loss', '44500']])
    })

    it('refuses a level on the wrong side of the price, naming it, and changes nothing', async () => {
      const { commands, id } = await openLong()
      await expect(modify(commands, { id, stopLoss: '45000' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'stop-loss 45000 must be below the current price 45000 for a long position',
      })
      await expect(
        modify(commands, { id, stopLoss: '44500', takeProfit: '44900' }),
      ).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: 'take-profit 44900 must be above the current price 45000 for a long position',
      })
      expect(await triggers(commands)).toEqual([
        ['stop-loss', '44000'],
        ['take-profit', '47000'],
      ])
    })

    it('refuses a stop-loss that is 0 on the price step of the market, keeping the one in place', async () => {
      const { commands, id } = await openLong()
      await expect(modify(commands, { id, stopLoss: '0.01' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: "stop-loss 0.01 is 0 on the market's price step 0.1: the exchange cannot hold it",
      })
      expect(await triggers(commands)).toEqual([
        ['stop-loss', '44000'],
        ['take-profit', '47000'],
      ])
    })

    describe('while its trailing stop is active', () => {
      /** The long with its trailing stop (2 %) active: the price rose to 46,000, the stop to 45,080. */
      async function trailing() {
        const opened = await openLong()
        await modify(opened.commands, {
          id: opened.id,
          trailingStop: { isEnabled: true, distancePct: '2' },
        })
        opened.harness.prices.setPrice('BTC/USDT', new Decimal('46000'), T0)
        await opened.harness.tracker.monitor()
        expect(await opened.commands['positions:get']({ id: opened.id })).toMatchObject({
          stopLoss: '45080',
          trailingStop: { isEnabled: true, isActive: true },
        })
        return opened
      }

      it('refuses a stop-loss further away, which the trailing stop would pull back, unless it is turned off too', async () => {
        const { commands, id } = await trailing()
        await expect(modify(commands, { id, stopLoss: '44000' })).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          message:
            'stop-loss 44000 is further from the price than 45080, where the active trailing stop keeps it; turn the trailing stop off to move it further',
        })
        expect(await triggers(commands)).toEqual([
          ['stop-loss', '45080'],
          ['take-profit', '47000'],
        ])
        // Closer is fine; further with the trailing stop turned off in the same change too.
        expect(await modify(commands, { id, stopLoss: '45500' })).toMatchObject({
          stopLoss: '45500',
        })
        const moved = await modify(commands, {
          id,
          stopLoss: '44000',
          trailingStop: { isEnabled: false },
        })
        expect(moved).toMatchObject({ stopLoss: '44000' })
        expect(moved.trailingStop?.isEnabled ?? false).toBe(false)
      })

      it('takes the trailing stop off with the stop-loss, so it sets no new one', async () => {
        const { commands, harness, id } = await trailing()
        const removed = await modify(commands, { id, stopLoss: null })
        expect(removed).toMatchObject({ stopLoss: null })
        expect(removed.trailingStop?.isEnabled ?? false).toBe(false)
        harness.prices.setPrice('BTC/USDT', new Decimal('46500'), T0)
        await harness.tracker.monitor()
        expect(await commands['positions:get']({ id })).toMatchObject({ stopLoss: null })
      })
    })

    it('turns the trailing stop on with its distance, and off again', async () => {
      const { commands, id } = await openLong()
      const on = await modify(commands, { id, trailingStop: { isEnabled: true, distancePct: '2' } })
      expect(on.trailingStop).toMatchObject({ isEnabled: true, distancePct: '2' })
      const off = await modify(commands, { id, trailingStop: { isEnabled: false } })
      expect(off.trailingStop?.isEnabled ?? false).toBe(false)
    })

    it('answers NOT_FOUND for an unknown position and CONFLICT for a closed one', async () => {
      const { commands, id, close } = await openLong()
      const unknown = '00000000-0000-4000-8000-000000000099'
      await expect(modify(commands, { id: unknown, stopLoss: '44500' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
        message: `position id=${unknown} not found`,
      })
      await close({})
      await expect(modify(commands, { id, stopLoss: '44500' })).rejects.toMatchObject({
        code: 'CONFLICT',
        message: `position id=${id} is already closed`,
      })
    })
  })

  describe('cancelling a protective order by hand', () => {
    const cancel = (commands: ReturnType<typeof tradingCommands>, id: string) =>
      commands['orders:cancel'](COMMANDS['orders:cancel'].input.parse({ id }))
    const openOrder = async (commands: ReturnType<typeof tradingCommands>, role: string) => {
      const listed = await commands['orders:list']({ status: 'open', limit: 10 })
      const order = listed.find((candidate) => candidate.role === role)
      if (!order) throw new Error(`no open ${role} order`)
      return order
    }

    it('takes the stop-loss off the position and its trailing stop, so it is not placed again', async () => {
      const { commands, harness, id, protection } = await openLong()
      await commands['positions:modify'](
        COMMANDS['positions:modify'].input.parse({ id, trailingStop: { isEnabled: true } }),
      )
      const stop = await openOrder(commands, 'stop-loss')
      expect(await cancel(commands, stop.id)).toMatchObject({ id: stop.id, status: 'CANCELLED' })
      const position = await commands['positions:get']({ id })
      expect(position).toMatchObject({ stopLoss: null, takeProfit: '47000' })
      expect(position.trailingStop?.isEnabled ?? false).toBe(false)
      await harness.manager.sync()
      expect(await protection()).toEqual([['take-profit', '0.05']])
    })

    it('leaves the position as it was when the exchange refuses the cancel', async () => {
      let faulty: FaultyBroker | undefined
      const { commands, id, protection } = await openLong({
        broker: (paper) => (faulty = new FaultyBroker(paper)),
      })
      const stop = await openOrder(commands, 'stop-loss')
      faulty!.failNext('cancelOrder', faults.invalid())
      await expect(cancel(commands, stop.id)).rejects.toBeInstanceOf(CommandError)
      expect(await commands['positions:get']({ id })).toMatchObject({ stopLoss: '44000' })
      expect(await protection()).toEqual([
        ['stop-loss', '0.05'],
        ['take-profit', '0.05'],
      ])
    })

    it('takes the take-profit off the position, leaving the stop-loss', async () => {
      const { commands, harness, id, protection } = await openLong()
      const target = await openOrder(commands, 'take-profit')
      expect(await cancel(commands, target.id)).toMatchObject({ status: 'CANCELLED' })
      expect(await commands['positions:get']({ id })).toMatchObject({
        stopLoss: '44000',
        takeProfit: null,
      })
      await harness.manager.sync()
      expect(await protection()).toEqual([['stop-loss', '0.05']])
    })
  })
})
