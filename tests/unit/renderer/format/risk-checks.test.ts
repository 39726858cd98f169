import { describe, expect, it } from 'vitest'
import { riskChecksOf } from '../../../../src-renderer/src/format/risk-checks'

describe('riskChecksOf', () => {
  it("reads the risk engine's checks from a risk step's detail", () => {
    const checks = [
      { rule: 'LEVERAGE', outcome: 'passed', message: 'LEVERAGE: leverage=1 cap=5' },
      { rule: 'STOP_LOSS', outcome: 'rejected', message: 'STOP_LOSS: missing' },
    ]
    expect(
      riskChecksOf({ reasons: ['STOP_LOSS: missing'], result: { checks, proposal: {} } }),
    ).toEqual(checks)
  })

  it.each([
    ['no result', { reasons: [] }],
    ['a result without checks', { result: { approved: true } }],
    ['no checks', { result: { checks: [] } }],
    ['a check that is not an object', { result: { checks: ['LEVERAGE'] } }],
    [
      'an unknown outcome',
      { result: { checks: [{ rule: 'R', outcome: 'skipped', message: 'm' }] } },
    ],
    ['a check without a message', { result: { checks: [{ rule: 'R', outcome: 'passed' }] } }],
  ])('is null for %s: the step is shown as recorded', (_name, detail) => {
    expect(riskChecksOf(detail)).toBeNull()
  })
})
