import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '../../../src-main/engine/clock'
import type { Candle } from '../../../src-main/engine/market'
import { aCandle, minute } from '../../helpers/market/candles'
import { startQuietEngine, type QuietEngine } from '../../helpers/quiet-engine'
import { aPortfolio, aProposal } from '../../unit/risk/risk-builders'

/*
 * The volatility breaker through the real engine: composed from the shipped config, on the
 * replay source and a virtual clock, with nothing else calling the risk engine. A fall of
 * BTC/USDT by more than 8 % within an hour must halt new entries, and the halt must end an
 * hour (halt_minutes) after the last abnormal reading.
 */

/** BTC/USDT at 50,000 until minute 89, then down 150 a minute to 45,500 (minute 119), flat after. */
const btcClose = (index: number) =>
  index < 90 ? 50_000 : Math.max(45_500, 50_000 - (index - 89) * 150)
const MINUTES = 300

function series(close: (index: number) => number): Candle[] {
  const candles: Candle[] = []
  for (let index = 0; index < MINUTES; index++) {
    const price = String(close(index))
    candles.push(aCandle(minute(index)).ohlc(price, price, price, price).build())
  }
  return candles
}

describe('volatility breaker fed by the running engine', () => {
  const clock = new VirtualClock(minute(0))
  let quiet: QuietEngine
  const engine = () => quiet.engine
  const replay = () => quiet.replay

  beforeAll(async () => {
    quiet = await startQuietEngine(clock, [
      { symbol: 'BTC/USDT', candles: series(btcClose) },
      { symbol: 'XRP/USDT', candles: series(() => 1) },
    ])
  }, 120_000)

  afterAll(async () => {
    await quiet?.stop()
  })

  const volatilityBreaker = async () =>
    (await engine().commands['risk:status']({})).breakers.find(({ name }) => name === 'volatility')
  const validateEntry = () =>
    engine().parts.risk.validate(aProposal().build(), aPortfolio().build(), null)

  it('stays armed while the price is calm and the fall is under 8 %', async () => {
    // Minute 115 closes at 46,100: −7.8 % on the hour before.
    await replay().run({ untilMs: minute(116) })
    expect(await volatilityBreaker()).toMatchObject({ isTripped: false })
    expect(validateEntry().status).not.toBe('REJECTED')
  })

  it('trips when the fall within the hour reaches 8 % and rejects new entries', async () => {
    // Minute 116 closes at 45,950: −8.1 % on minute 56's 50,000.
    await replay().run({ untilMs: minute(117) })
    const breaker = await volatilityBreaker()
    expect(breaker).toMatchObject({
      isTripped: true,
      trippedAt: minute(117),
      resetCondition: `automatic at ${new Date(minute(177)).toISOString()}`,
    })
    expect(breaker?.reason).toContain('VOLATILITY: symbol=BTC/USDT')
    expect(breaker?.reason).toContain('price_move_pct=-8.1 max_price_move_pct=8')
    const validation = validateEntry()
    expect(validation.status).toBe('REJECTED')
    expect(validation.reasons[0]).toMatch(/^CIRCUIT_BREAKER: breaker=volatility /)
    // The coordinator halts on any circuit-breaker alert.
    expect((await engine().commands['coordinator:status']({})).state).toBe('HALTED')
  })

  it('re-arms halt_minutes after the last abnormal reading', async () => {
    // Readings stay abnormal until minute 152 (45,500 on minute 92's 49,550): halted until 213.
    await replay().run({ untilMs: minute(213) - 60_000 })
    expect(await volatilityBreaker()).toMatchObject({
      isTripped: true,
      resetCondition: `automatic at ${new Date(minute(213)).toISOString()}`,
    })
    expect((await engine().commands['coordinator:status']({})).state).toBe('HALTED')
    await replay().run({ untilMs: minute(213) })
    expect(await volatilityBreaker()).toMatchObject({ isTripped: false })
    expect(validateEntry().status).not.toBe('REJECTED')
    // It re-armed by itself: trading resumes with no one at the desk.
    expect((await engine().commands['coordinator:status']({})).state).toBe('RUNNING')
  })
})
