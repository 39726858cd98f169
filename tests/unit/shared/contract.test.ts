import { describe, expect, it } from 'vitest'
import {
  COMMAND_NAMES,
  COMMANDS,
  coordinatorStatusSchema,
  engineEventSchema,
  positiveDecimalText,
  taskStatusSchema,
} from '../../../src-shared/contract'
import { CommandError, fail, ok } from '../../../src-shared/result'
import { aCoordinatorStatus } from '../../helpers/contract-fixtures'

describe('command contract', () => {
  it('names every command domain:verb', () => {
    for (const name of COMMAND_NAMES) expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/)
  })

  it('gives every command its own REST route', () => {
    const routes = COMMAND_NAMES.map(
      (name) => `${COMMANDS[name].http.method} ${COMMANDS[name].http.path}`,
    )
    expect(new Set(routes).size).toBe(routes.length)
  })

  it('fills every path parameter from an input field of the same name', () => {
    for (const name of COMMAND_NAMES) {
      const { input, http } = COMMANDS[name]
      for (const param of http.path.match(/:([a-zA-Z]+)/g) ?? []) {
        const field = param.slice(1)
        const probe = input.safeParse({})
        const issues = probe.success ? [] : probe.error.issues
        const mentionsField = issues.some((issue) => issue.path[0] === field)
        expect(
          mentionsField,
          `${name}: path parameter ${field} is not a required input field`,
        ).toBe(true)
      }
    }
  })

  it('accepts empty input for commands without parameters', () => {
    expect(COMMANDS['coordinator:status'].input.parse(undefined)).toEqual({})
    expect(COMMANDS['positions:list'].input.parse({})).toEqual({ status: 'open', limit: 200 })
  })

  it('rejects unknown fields and bad decimals with clear messages', () => {
    expect(COMMANDS['coordinator:pause'].input.safeParse({ force: true }).success).toBe(false)
    const close = COMMANDS['positions:close'].input.safeParse({ id: 'p1', exitPrice: '-5' })
    expect(close.error?.issues[0]?.message).toContain('decimal number')
    expect(positiveDecimalText.safeParse('0.000').success).toBe(false)
    expect(positiveDecimalText.safeParse('0.001').success).toBe(true)
  })

  it('validates events by type', () => {
    expect(
      engineEventSchema.safeParse({ type: 'market.tick', at: 1, symbol: 'BTC/USDT', price: '1.5' })
        .success,
    ).toBe(true)
    expect(
      engineEventSchema.safeParse({ type: 'market.tick', at: 1, symbol: 'BTC/USDT', price: 1.5 })
        .success,
    ).toBe(false)
  })
})

describe('closing all or part of a position', () => {
  const close = COMMANDS['positions:close'].input
  const preview = COMMANDS['positions:closePreview'].input
  const problems = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)

  it('closes all of it when no amount is given, as before', () => {
    expect(close.parse({ id: 'p1' })).toEqual({ id: 'p1', reason: 'manual' })
    expect(preview.parse({ id: 'p1' })).toEqual({ id: 'p1' })
  })

  it.each([[{ size: '0.025' }], [{ sizePct: '25' }], [{ sizePct: '100' }], [{ size: '1' }]])(
    'accepts %o for the close and its preview',
    (amount) => {
      expect(close.parse({ id: 'p1', ...amount })).toMatchObject(amount)
      expect(preview.parse({ id: 'p1', ...amount })).toMatchObject(amount)
    },
  )

  it.each([
    [{ size: '0' }, 'size: expected a decimal number greater than zero'],
    [{ size: '-0.5' }, 'size: expected a decimal number greater than zero'],
    [{ size: 'half' }, 'size: expected a decimal number written as a string, e.g. "123.45"'],
    [{ size: 0.5 }, 'size: Invalid input: expected string, received number'],
    [{ sizePct: '0' }, 'sizePct: expected a decimal number greater than zero'],
    // Not a number: the pattern names it (the percentage check, which reads it as one, is not run).
    [{ sizePct: 'abc' }, 'sizePct: expected a decimal number written as a string, e.g. "123.45"'],
    [{ sizePct: '' }, 'sizePct: expected a decimal number written as a string, e.g. "123.45"'],
    [
      { sizePct: '100.5' },
      'sizePct: expected a percentage of the open size above 0 and at most 100',
    ],
    [{ size: '0.01', sizePct: '25' }, 'sizePct: send either size or sizePct, not both'],
    // Digits past any traded precision: refused once, before the percentage check reads them.
    [
      { size: `0.${'0'.repeat(18)}1` },
      'size: expected at most 15 digits before the decimal point and 18 after it',
    ],
    [
      { sizePct: `100.${'0'.repeat(18)}1` },
      'sizePct: expected at most 15 digits before the decimal point and 18 after it',
    ],
  ])('refuses %o, naming the field', (amount, problem) => {
    expect(problems(close.safeParse({ id: 'p1', ...amount }))).toEqual([problem])
    expect(problems(preview.safeParse({ id: 'p1', ...amount }))).toEqual([problem])
  })

  it('refuses a part together with an exit price, which books a whole close made elsewhere', () => {
    expect(problems(close.safeParse({ id: 'p1', exitPrice: '45000', size: '0.01' }))).toEqual([
      'exitPrice: exitPrice books a close of the whole position made elsewhere; leave out size and sizePct with it',
    ])
  })
})

describe('decimal inputs', () => {
  const modify = COMMANDS['positions:modify'].input
  const problems = (input: Record<string, unknown>) =>
    modify
      .safeParse({ id: 'p1', ...input })
      .error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)

  it.each(['65000', '0.00000001', '123456789012345.123456789012345678', '007.50'])(
    'accepts %s',
    (level) => {
      expect(problems({ stopLoss: level })).toBeUndefined()
    },
  )

  // A stop-loss of 1000 digits was taken, and a close booked at an exit price of 10^1002.
  it.each([
    ['16 digits before the point', '1'.repeat(16), 'stopLoss'],
    ['1002 digits before the point', '9'.repeat(1002), 'takeProfit'],
    ['19 digits after the point', `1.${'1'.repeat(19)}`, 'stopLoss'],
    ['1002 digits after the point', `0.${'0'.repeat(1001)}1`, 'takeProfit'],
  ])('refuses a level of %s, naming the field', (_label, level, field) => {
    expect(problems({ [field]: level })).toEqual([
      `${field}: expected at most 15 digits before the decimal point and 18 after it`,
    ])
  })
})

describe('the equity curve window', () => {
  const curve = COMMANDS['portfolio:equityCurve'].input

  it('takes either end alone, or both in order', () => {
    expect(curve.parse({ fromMs: 5 })).toEqual({ fromMs: 5 })
    expect(curve.parse({ toMs: 5 })).toEqual({ toMs: 5 })
    expect(curve.parse({ fromMs: 5, toMs: 5 })).toEqual({ fromMs: 5, toMs: 5 })
  })

  // Swapped ends answered an empty curve, as if there were no history.
  it('refuses swapped ends, naming the field', () => {
    const issues = curve.safeParse({ fromMs: 5, toMs: 1 }).error?.issues ?? []
    expect(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'toMs: toMs must not be before fromMs',
    ])
  })
})

describe("a position's trailing stop distance", () => {
  const modify = COMMANDS['positions:modify'].input
  const withDistance = (distancePct: string) =>
    modify.safeParse({ id: 'p1', trailingStop: { isEnabled: true, distancePct } })

  it.each(['0.5', '2', '99.9'])('accepts %s percent', (distancePct) => {
    expect(withDistance(distancePct).success).toBe(true)
  })

  it('refuses a distance that is not a number, naming the field', () => {
    const issues = withDistance('x').error?.issues ?? []
    expect(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'trailingStop.distancePct: expected a decimal number written as a string, e.g. "123.45"',
    ])
  })

  // At 100 % or more a long's stop would trail at or below zero: no protection at all.
  it.each(['100', '150'])('refuses %s percent, naming the field', (distancePct) => {
    const issues = withDistance(distancePct).error?.issues ?? []
    expect(issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'trailingStop.distancePct: expected a trailing distance in percent above 0 and below 100',
    ])
  })
})

describe('engine time in the contract', () => {
  it("requires the engine's clock in the coordinator status, also when pushed", () => {
    const status = aCoordinatorStatus({ now: Date.UTC(2021, 4, 10, 12) })
    expect(coordinatorStatusSchema.parse(status).now).toBe(Date.UTC(2021, 4, 10, 12))
    const { now: _now, ...withoutNow } = status
    expect(coordinatorStatusSchema.safeParse(withoutNow).error?.issues[0]?.path).toEqual(['now'])
    expect(coordinatorStatusSchema.safeParse({ ...status, now: -1 }).success).toBe(false)
    expect(
      engineEventSchema.safeParse({ type: 'coordinator.state', at: status.now, status: withoutNow })
        .success,
    ).toBe(false)
  })
})

describe('why a task run was skipped', () => {
  const task = {
    name: 'technical_analysis',
    agent: 'technical_analysis',
    intervalSeconds: 60,
    isEnabled: true,
    isRunning: false,
    lastRunAt: 1_000,
    nextRunAt: 61_000,
    lastDurationMs: 5,
    runs: 3,
    failures: 0,
    skipped: 2,
    timeouts: 0,
    lastError: null,
  }

  it('reads a task status from a version that did not report skips as having none', () => {
    expect(taskStatusSchema.parse(task).lastSkip).toBeNull()
    const status = coordinatorStatusSchema.parse({ ...aCoordinatorStatus(), tasks: [task] })
    expect(status.tasks[0]?.lastSkip).toBeNull()
  })

  it('carries the latest skip with its code, and refuses codes it does not know', () => {
    const lastSkip = {
      at: 1_000,
      symbol: 'BTC/USDT',
      code: 'NO_DATA',
      reason: 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
    }
    expect(taskStatusSchema.parse({ ...task, lastSkip }).lastSkip).toEqual(lastSkip)
    const unknown = taskStatusSchema.safeParse({ ...task, lastSkip: { ...lastSkip, code: 'BUSY' } })
    expect(unknown.error?.issues[0]?.path).toEqual(['lastSkip', 'code'])
  })
})

describe('result helpers', () => {
  it('build both result shapes and carry a code on CommandError', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 })
    expect(fail('NOT_FOUND', 'position id=x not found')).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'position id=x not found' },
    })
    const error = new CommandError('CONFLICT', 'already halted')
    expect(error.code).toBe('CONFLICT')
    expect(error.name).toBe('CommandError')
  })
})
