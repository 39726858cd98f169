/** Upper bounds, in milliseconds, of the latency histogram buckets; the last is open-ended. */
export const LATENCY_BUCKET_BOUNDS_MS: readonly number[] = Object.freeze([
  0, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000,
])

/** Handler latency in milliseconds of the bus clock. `p99Ms` is a histogram bucket bound. */
export interface LatencySummary {
  count: number
  meanMs: number
  maxMs: number
  /** The bound of the bucket holding the 99th percentile; `maxMs` when beyond the last bound. */
  p99Ms: number
}

/**
 * Handler latency kept in O(1) per sample: count, sum, max and a fixed log-scale
 * histogram from which the 99th percentile is read to bucket precision.
 */
export class LatencyStats {
  private count = 0
  private sumMs = 0
  private maxMs = 0
  private readonly buckets = new Array<number>(LATENCY_BUCKET_BOUNDS_MS.length + 1).fill(0)

  /** Adds one sample. */
  record(latencyMs: number): void {
    this.count++
    this.sumMs += latencyMs
    if (latencyMs > this.maxMs) this.maxMs = latencyMs
    let bucket = 0
    while (
      bucket < LATENCY_BUCKET_BOUNDS_MS.length &&
      latencyMs > (LATENCY_BUCKET_BOUNDS_MS[bucket] as number)
    ) {
      bucket++
    }
    this.buckets[bucket] = (this.buckets[bucket] as number) + 1
  }

  /** Returns count, mean, max and p99 of the samples so far. */
  summary(): LatencySummary {
    if (this.count === 0) return { count: 0, meanMs: 0, maxMs: 0, p99Ms: 0 }
    const rank = Math.ceil(this.count * 0.99)
    let seen = 0
    let p99Ms = this.maxMs
    for (let bucket = 0; bucket < LATENCY_BUCKET_BOUNDS_MS.length; bucket++) {
      seen += this.buckets[bucket] as number
      if (seen >= rank) {
        p99Ms = Math.min(LATENCY_BUCKET_BOUNDS_MS[bucket] as number, this.maxMs)
        break
      }
    }
    return { count: this.count, meanMs: this.sumMs / this.count, maxMs: this.maxMs, p99Ms }
  }
}
