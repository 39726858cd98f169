import { describe, expect, it, vi } from 'vitest'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { dispatchCommand } from '../../../src-main/transport/dispatch-command'
import { COMMANDS } from '../../../src-shared/contract'
import { CommandError } from '../../../src-shared/result'
import { aCoordinatorStatus } from '../../helpers/contract-fixtures'
import { handlersWith } from '../../helpers/handler-doubles'
import { aTask } from '../../helpers/renderer/builders'

const logger = silentLogger()

describe('dispatchCommand', () => {
  it('validates input, runs the handler and returns its output', async () => {
    const handlers = handlersWith({
      'coordinator:pause': async () => aCoordinatorStatus({ state: 'PAUSED' }),
    })
    const result = await dispatchCommand(handlers, 'coordinator:pause', undefined, logger)
    expect(result).toEqual({ ok: true, value: aCoordinatorStatus({ state: 'PAUSED' }) })
  })

  it("passes a task's latest skip through the output check", async () => {
    const lastSkip = {
      at: Date.UTC(2021, 4, 10, 12),
      symbol: 'BTC/USDT',
      code: 'NO_DATA' as const,
      reason: 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
    }
    const status = aCoordinatorStatus({ tasks: [aTask({ skipped: 3, lastSkip })] })
    const handlers = handlersWith({ 'coordinator:status': async () => status })
    const result = await dispatchCommand(handlers, 'coordinator:status', undefined, logger)
    expect(result).toEqual({ ok: true, value: status })
  })

  it('normalises input before the handler sees it', async () => {
    const handlers = handlersWith({ 'positions:list': async () => [] })
    await dispatchCommand(handlers, 'positions:list', { symbol: 'btc_usdt' }, logger)
    expect(handlers.calls[0]?.input).toEqual({ status: 'open', symbol: 'BTC/USDT', limit: 200 })
  })

  it('refuses an id holding a control character, which the store cannot even look up', async () => {
    const handlers = handlersWith({})
    for (const correlationId of ['\u0000', 'abc\ndef']) {
      const result = await dispatchCommand(handlers, 'decisions:trace', { correlationId }, logger)
      expect(result).toEqual({
        ok: false,
        error: {
          code: 'BAD_REQUEST',
          message:
            'invalid input for decisions:trace: correlationId: must not contain control characters',
        },
      })
    }
    expect(handlers.calls).toEqual([])
  })

  it('refuses a close reason holding a control character, which the order row cannot hold', async () => {
    const handlers = handlersWith({})
    const result = await dispatchCommand(
      handlers,
      'positions:close',
      { id: '00000000-0000-4000-8000-000000000001', reason: 'stop\u0000' },
      logger,
    )
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: 'invalid input for positions:close: reason: must not contain control characters',
      },
    })
    expect(handlers.calls).toEqual([])
  })

  it('refuses bad input naming the field, without calling the handler', async () => {
    const handlers = handlersWith({})
    const result = await dispatchCommand(
      handlers,
      'positions:modify',
      { id: 'p1', stopLoss: 'abc' },
      logger,
    )
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringMatching(
          /^invalid input for positions:modify: stopLoss: expected a decimal number/,
        ),
      },
    })
    expect(handlers.calls).toEqual([])
  })

  it('answers unknown commands with NOT_FOUND', async () => {
    expect(await dispatchCommand(handlersWith({}), 'orders:explode', {}, logger)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'unknown command orders:explode' },
    })
    expect((await dispatchCommand(handlersWith({}), 'toString', {}, logger)).ok).toBe(false)
  })

  it('keeps the code and message of deliberate refusals', async () => {
    const handlers = handlersWith({
      'positions:get': async () => {
        throw new CommandError('NOT_FOUND', 'position id=p9 not found')
      },
    })
    expect(await dispatchCommand(handlers, 'positions:get', { id: 'p9' }, logger)).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'position id=p9 not found' },
    })
  })

  it('hides unexpected errors and contract-breaking outputs behind a reference', async () => {
    const crashing = handlersWith({
      'coordinator:status': async () => {
        throw new Error('secret stack detail')
      },
    })
    const crashed = await dispatchCommand(crashing, 'coordinator:status', undefined, logger)
    expect(crashed).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: expect.stringMatching(/^internal error \(reference \w{8}\)$/),
      },
    })
    expect(JSON.stringify(crashed)).not.toContain('secret')

    const wrong = handlersWith({
      'coordinator:status': async () => ({ state: 'DANCING' }) as never,
    })
    expect((await dispatchCommand(wrong, 'coordinator:status', undefined, logger)).ok).toBe(false)
  })

  it('answers INTERNAL, never a rejection, when checking the input itself throws', async () => {
    const parse = vi
      .spyOn(COMMANDS['positions:close'].input, 'safeParse')
      .mockImplementation(() => {
        throw new Error('secret parser detail')
      })
    try {
      const answer = await dispatchCommand(handlersWith({}), 'positions:close', {}, logger)
      expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
      expect(JSON.stringify(answer)).not.toContain('secret')
    } finally {
      parse.mockRestore()
    }
  })
})
