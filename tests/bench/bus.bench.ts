/**
 * Message bus throughput and publish latency (issue 3), against Node's EventEmitter doing
 * the same fan-out: 20 subscribers, one of them behind a filter, history on.
 */
import { EventEmitter } from 'node:events'
import { performance } from 'node:perf_hooks'
import { MessageBus, Topics, type TopicPayloadInput } from '../../src-main/engine/bus'
import { SystemClock } from '../../src-main/engine/clock'
import { silentLogger } from '../../src-main/engine/logging/logger'
import { percentile, type Benchmark } from './bench-result'

const SUBSCRIBERS = 20
const THROUGHPUT_MESSAGES = 200_000
/** Distinct payloads cycled through: a small fixture keeps the benchmark's own heap out of GC. */
const DISTINCT_PAYLOADS = 1_024
const ROUNDS = 5
const PACED_RATE_PER_S = 10_000
const PACED_MESSAGES = 30_000

type Payload = TopicPayloadInput<'market_data'>

function payloads(count: number): Payload[] {
  const symbols = ['BTC/USDT', 'XRP/USDT', 'ETH/USDT']
  const distinct = Array.from({ length: DISTINCT_PAYLOADS }, (_, i) => ({
    symbol: symbols[i % symbols.length] as string,
    price: `${60_000 + (i % 500)}.25`,
    bid: `${60_000 + (i % 500)}.2`,
    ask: `${60_000 + (i % 500)}.3`,
    volume: '12.5',
  }))
  return Array.from({ length: count }, (_, i) => distinct[i % DISTINCT_PAYLOADS] as Payload)
}

interface Target {
  name: string
  publish: (payload: Payload) => number
  deliveries: () => number
}

function busTarget(): Target {
  const bus = new MessageBus({ clock: new SystemClock(), logger: silentLogger() })
  let deliveries = 0
  for (let i = 0; i < SUBSCRIBERS - 1; i++) {
    bus.subscribe(`subscriber-${i}`, Topics.MARKET_DATA, () => {
      deliveries++
    })
  }
  bus.subscribe(
    'btc-only',
    Topics.MARKET_DATA,
    () => {
      deliveries++
    },
    (message) => message.payload.symbol === 'BTC/USDT',
  )
  return {
    name: 'MessageBus',
    publish: (payload) => bus.publish({ topic: Topics.MARKET_DATA, source: 'feed', payload }),
    deliveries: () => deliveries,
  }
}

function emitterTarget(): Target {
  const emitter = new EventEmitter()
  emitter.setMaxListeners(SUBSCRIBERS + 1)
  let deliveries = 0
  for (let i = 0; i < SUBSCRIBERS - 1; i++) {
    emitter.on(Topics.MARKET_DATA, () => {
      deliveries++
    })
  }
  emitter.on(Topics.MARKET_DATA, (payload: Payload) => {
    if (payload.symbol === 'BTC/USDT') deliveries++
  })
  return {
    name: 'EventEmitter',
    publish: (payload) => (emitter.emit(Topics.MARKET_DATA, payload) ? SUBSCRIBERS : 0),
    deliveries: () => deliveries,
  }
}

/** Publishes back to back; returns deliveries per second (median of the rounds). */
function throughput(makeTarget: () => Target, messages: Payload[]): number {
  const rates: number[] = []
  for (let round = 0; round < ROUNDS + 1; round++) {
    const target = makeTarget()
    const start = performance.now()
    for (const payload of messages) target.publish(payload)
    const seconds = (performance.now() - start) / 1000
    if (round > 0) rates.push(target.deliveries() / seconds) // round 0 warms up the JIT
  }
  return percentile(rates, 50)
}

/** Publishes at a steady rate (busy-waiting between slots); returns each publish's duration in µs. */
function pacedLatencies(target: Target, messages: Payload[]): number[] {
  const intervalMs = 1000 / PACED_RATE_PER_S
  const samples: number[] = []
  let next = performance.now()
  for (const payload of messages) {
    while (performance.now() < next) {
      // busy-wait: timers are too coarse for a 100 µs pace
    }
    const start = performance.now()
    target.publish(payload)
    samples.push((performance.now() - start) * 1000)
    next += intervalMs
  }
  return samples
}

const bench: Benchmark = async (emit) => {
  const messages = payloads(THROUGHPUT_MESSAGES)
  const busRate = throughput(busTarget, messages)
  const emitterRate = throughput(emitterTarget, messages)
  emit({
    bench: 'bus',
    metric: 'deliveries_per_s',
    value: Math.round(busRate),
    unit: '1/s',
    baseline: { name: 'EventEmitter', value: Math.round(emitterRate) },
    details: {
      ratio_to_baseline: Number((busRate / emitterRate).toFixed(3)),
      subscribers: SUBSCRIBERS,
      filters: 1,
      history: true,
      messages_per_round: THROUGHPUT_MESSAGES,
      rounds: ROUNDS,
      goal: 1_000_000,
      meets_goal: busRate >= 1_000_000,
    },
  })

  const paced = payloads(PACED_MESSAGES)
  const busTargetPaced = busTarget()
  const emitterTargetPaced = emitterTarget()
  pacedLatencies(busTargetPaced, paced.slice(0, 5_000)) // warm-up
  pacedLatencies(emitterTargetPaced, paced.slice(0, 5_000))
  const busSamples = pacedLatencies(busTargetPaced, paced)
  const emitterSamples = pacedLatencies(emitterTargetPaced, paced)
  const details = {
    rate_per_s: PACED_RATE_PER_S,
    messages: PACED_MESSAGES,
    subscribers: SUBSCRIBERS,
    delivery:
      'synchronous in publish when idle: the time includes validation, history and all 20 handlers',
  }
  for (const [metric, pct] of [
    ['publish_p50_us', 50],
    ['publish_p99_us', 99],
  ] as const) {
    const value = percentile(busSamples, pct)
    const baseline = percentile(emitterSamples, pct)
    emit({
      bench: 'bus',
      metric,
      value: Number(value.toFixed(2)),
      unit: 'us',
      baseline: { name: 'EventEmitter', value: Number(baseline.toFixed(2)) },
      details: {
        ...details,
        ratio_to_baseline: Number((value / baseline).toFixed(2)),
        ...(pct === 99
          ? {
              goal_us: 50,
              meets_goal: value < 50,
              max_us: Number(Math.max(...busSamples).toFixed(2)),
            }
          : {}),
      },
    })
  }
}

export default bench
