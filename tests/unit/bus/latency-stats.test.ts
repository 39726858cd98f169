import { describe, expect, it } from 'vitest'
import { LatencyStats } from '../../../src-main/engine/bus/latency-stats'

describe('LatencyStats', () => {
  it('is all zero without samples', () => {
    expect(new LatencyStats().summary()).toEqual({ count: 0, meanMs: 0, maxMs: 0, p99Ms: 0 })
  })

  it('reports count, mean, max and the p99 bucket bound', () => {
    const stats = new LatencyStats()
    for (let i = 0; i < 98; i++) stats.record(0)
    stats.record(7)
    stats.record(40)
    expect(stats.summary()).toEqual({ count: 100, meanMs: 0.47, maxMs: 40, p99Ms: 10 })
  })

  it('caps p99 at the maximum seen', () => {
    const stats = new LatencyStats()
    stats.record(3)
    expect(stats.summary().p99Ms).toBe(3)
  })

  it('reports the maximum when p99 falls beyond the last bucket', () => {
    const stats = new LatencyStats()
    stats.record(90_000)
    expect(stats.summary()).toMatchObject({ p99Ms: 90_000, maxMs: 90_000 })
  })
})
