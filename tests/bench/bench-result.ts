/** One measured number, printed as one JSON line (ARCHITECTURE.md section 7). */
export interface BenchResult {
  bench: string
  metric: string
  value: number
  unit: string
  baseline?: { name: string; value: number }
  /** Free-form context: sample sizes, ratios, goals. */
  details?: Record<string, unknown>
}

/** A benchmark module's default export: measures and emits its results. */
export type Benchmark = (emit: (result: BenchResult) => void) => Promise<void>

/** Returns the given percentile (0–100) of a sorted-in-place copy of `samples`. */
export function percentile(samples: readonly number[], pct: number): number {
  if (samples.length === 0) return Number.NaN
  const sorted = [...samples].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((pct / 100) * sorted.length) - 1))
  return sorted[index] as number
}
