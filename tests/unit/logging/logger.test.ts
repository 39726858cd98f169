import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger, silentLogger } from '../../../src-main/engine/logging/logger'

const collect = () => {
  const lines: Record<string, unknown>[] = []
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>)
      done()
    },
  })
  return { lines, destination }
}

describe('createLogger', () => {
  it('writes structured JSON at the configured level', () => {
    const { lines, destination } = collect()
    const logger = createLogger({ level: 'warn', destination })
    logger.info('hidden')
    logger.warn({ symbol: 'BTC/USDT' }, 'shown')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: 'shown',
      symbol: 'BTC/USDT',
      name: 'triplegain',
    })
  })

  it('redacts secrets wherever they appear', () => {
    const { lines, destination } = collect()
    createLogger({ destination }).info(
      {
        apiKey: 'k1',
        kraken: { api_secret: 's1' },
        request: { headers: { authorization: 'Bearer t' } },
      },
      'call',
    )
    const text = JSON.stringify(lines[0])
    expect(text).not.toMatch(/k1|s1|Bearer t/)
    expect(text).toContain('[redacted]')
  })

  it('has a silent variant for tests', () => {
    expect(silentLogger().level).toBe('silent')
  })
})
