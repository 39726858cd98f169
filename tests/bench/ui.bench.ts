/**
 * UI performance in Debian's Chromium (issue 10): how long a 10,000-candle chart takes to
 * render, and how many long tasks (> 50 ms) the UI has while 100 events/s stream in.
 * Runs the real renderer on the in-memory demo engine (tests/e2e/harness); baselines from
 * the same run: the chart drawing all 10,000 candles without merging, and the stream
 * applied per event instead of once per animation frame.
 */
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'
import type { Page } from 'playwright-core'
import { build, preview } from 'vite'
import type { Benchmark } from './bench-result'
import { percentile } from './bench-result'

const HARNESS_CONFIG = resolve(import.meta.dirname, '../e2e/harness/vite.config.ts')
const STREAM_EVENTS_PER_SECOND = 100
/** A heavier stream, to show the headroom left above the required rate. */
const STRESS_EVENTS_PER_SECOND = 1000
const STREAM_SECONDS = 5
const CHART_RUNS = 5

interface LongTaskReport {
  count: number
  maxMs: number
  events: number
  /** Animation frames per second while streaming: what the trader sees as smoothness. */
  fps: number
}

async function chartRenderMs(page: Page, count: number, maxCandles?: number): Promise<number> {
  const result = await page.evaluate(
    ([candles, max]) => window.__bench!.renderChart(candles as number, max as number | undefined),
    [count, maxCandles] as const,
  )
  return result.ms
}

interface StreamProbe {
  __longTasks: { count: number; maxMs: number; isCounting: boolean; frames: number }
  __emitted: { value: number }
}

/**
 * Counts long tasks and animation frames while `isCounting`. Plain text, not a function:
 * tsx would wrap named functions in a helper that does not exist in the page.
 */
const PROBE_SCRIPT = `
  const state = { count: 0, maxMs: 0, isCounting: false, frames: 0 }
  window.__longTasks = state
  requestAnimationFrame(function countFrame() {
    if (state.isCounting) state.frames += 1
    requestAnimationFrame(countFrame)
  })
  new PerformanceObserver((list) => {
    if (!state.isCounting) return
    for (const entry of list.getEntries()) {
      if (entry.duration <= 50) continue
      state.count += 1
      state.maxMs = Math.max(state.maxMs, entry.duration)
    }
  }).observe({ type: 'longtask', buffered: false })
`

async function longTasksWhileStreaming(page: Page, url: string): Promise<LongTaskReport> {
  await page.addInitScript({ content: PROBE_SCRIPT })
  await page.goto(url)
  await page.getByRole('table', { name: 'Open positions summary' }).waitFor()
  // Let the first load settle, then count only while the stream runs.
  await page.waitForTimeout(1000)
  await page.evaluate(() => {
    const probe = window as unknown as StreamProbe
    probe.__emitted = { value: 0 }
    window.__demo!.onEvent(() => (probe.__emitted.value += 1))
    probe.__longTasks.isCounting = true
  })
  await page.waitForTimeout(STREAM_SECONDS * 1000)
  const report = await page.evaluate(() => {
    const probe = window as unknown as StreamProbe
    probe.__longTasks.isCounting = false
    return { ...probe.__longTasks, events: probe.__emitted.value }
  })
  return {
    count: report.count,
    maxMs: report.maxMs,
    events: report.events,
    fps: Math.round(report.frames / STREAM_SECONDS),
  }
}

const benchmark: Benchmark = async (emit) => {
  await build({ configFile: HARNESS_CONFIG, logLevel: 'warn' })
  const server = await preview({
    configFile: HARNESS_CONFIG,
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  })
  const base = server.resolvedUrls?.local[0]
  if (!base) throw new Error('harness preview server has no URL')
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
    await page.goto(`${base}?bench=chart`)
    await page.waitForFunction(() => window.__bench !== undefined)
    await chartRenderMs(page, 10_000) // warm-up: JIT and fonts
    const samples: number[] = []
    for (let run = 0; run < CHART_RUNS; run += 1) samples.push(await chartRenderMs(page, 10_000))
    const allCandlesMs = await chartRenderMs(page, 10_000, 10_000)
    emit({
      bench: 'ui',
      metric: 'chart_10k_render_ms',
      value: Math.round(percentile(samples, 50) * 10) / 10,
      unit: 'ms',
      baseline: {
        name: 'recharts drawing all 10k candles',
        value: Math.round(allCandlesMs * 10) / 10,
      },
      details: {
        runs: CHART_RUNS,
        p90Ms: Math.round(percentile(samples, 90) * 10) / 10,
        goalMs: 200,
      },
    })
    await page.close()

    const measure = async (rate: number, coalesce: boolean) =>
      longTasksWhileStreaming(
        await browser.newPage({ viewport: { width: 1440, height: 900 } }),
        `${base}?view=overview&stream=${rate}${coalesce ? '' : '&coalesce=off'}`,
      )
    for (const [metric, rate] of [
      ['long_tasks_over_50ms', STREAM_EVENTS_PER_SECOND],
      [`long_tasks_over_50ms_at_${STRESS_EVENTS_PER_SECOND}_per_s`, STRESS_EVENTS_PER_SECOND],
    ] as const) {
      const batched = await measure(rate, true)
      const perEvent = await measure(rate, false)
      emit({
        bench: 'ui',
        metric,
        value: batched.count,
        unit: 'count',
        baseline: { name: 'per-event store updates (no frame batching)', value: perEvent.count },
        details: {
          eventsPerSecond: rate,
          seconds: STREAM_SECONDS,
          eventsDelivered: batched.events,
          longestTaskMs: Math.round(batched.maxMs),
          baselineLongestTaskMs: Math.round(perEvent.maxMs),
          framesPerSecond: batched.fps,
          baselineFramesPerSecond: perEvent.fps,
          ...(rate === STREAM_EVENTS_PER_SECOND ? { goal: 0 } : {}),
        },
      })
    }
  } finally {
    await browser.close()
    await new Promise<void>((done) => server.httpServer.close(() => done()))
  }
}

export default benchmark
