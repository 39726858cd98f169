import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Decimal from 'decimal.js'
import WebSocket from 'ws'
import { resolveAppPaths } from '../../../src-main/app-paths'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host'
import { COMMAND_NAMES, COMMANDS } from '../../../src-shared/contract'

const START = Date.UTC(2021, 4, 10)

describe('headless host over the bundled replay data (paper broker, rules provider)', () => {
  let host: HeadlessHost
  const env = {
    TRIPLEGAIN_DATA_DIR: mkdtempSync(join(tmpdir(), 'tg-host-')),
    // Nothing listens here: the LLM layer finds no model and answers from the rules.
    OLLAMA_HOST: 'http://127.0.0.1:9',
  }
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    token: string | null = host.token,
  ) => {
    const response = await fetch(`${host.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response shapes are asserted below
    return { status: response.status, body: (await response.json()) as any }
  }

  beforeAll(async () => {
    host = await startHeadlessHost({
      paths: resolveAppPaths(env),
      env,
      logger: silentLogger(),
      version: 'test',
      market: { kind: 'replay', speed: 'max', toMs: START + 8 * 3_600_000 },
      bindHost: '127.0.0.1',
      port: 0,
    })
    await host.running.replayDone
  }, 180_000)

  afterAll(async () => {
    await host?.close()
  })

  it('binds to 127.0.0.1 and refuses every API route without the token', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    for (const name of COMMAND_NAMES) {
      const { method, path } = COMMANDS[name].http
      const concrete = path.replace(':symbol', 'BTC_USDT').replace(/:[a-zA-Z]+/g, 'x')
      const response = await call(method, concrete, method === 'GET' ? undefined : {}, null)
      expect(response.status, `${method} ${concrete}`).toBe(401)
    }
  })

  it('answers every read route with the token', async () => {
    const reads = [
      '/system/info',
      '/coordinator/status',
      '/risk/status',
      '/portfolio/allocation',
      '/portfolio/equity',
      '/portfolio/batches',
      '/positions?status=all',
      '/positions/exposure',
      '/orders?status=all',
      '/stats/execution',
      '/agents/outputs?limit=5',
      '/decisions?limit=5',
      '/models/comparison',
      '/models/assignments',
      '/models/health',
      '/ollama/models',
      '/market/BTC_USDT/candles?timeframe=1h&limit=5',
      '/market/XRP_USDT/snapshot',
      '/settings',
      '/settings/api-keys',
      '/events/recent?limit=5',
    ]
    for (const path of reads) {
      const response = await call('GET', path)
      expect(response.status, `${path}: ${JSON.stringify(response.body).slice(0, 200)}`).toBe(200)
    }
  })

  it('ran the agents on the replay and explains the offline setup', async () => {
    const info = (await call('GET', '/system/info')).body
    expect(info).toMatchObject({ host: 'headless', mode: 'replay', llmAvailable: false })
    expect(String(info.notices)).toContain('rules provider')
    const status = (await call('GET', '/coordinator/status')).body as {
      tasks: { name: string; runs: number }[]
      degradationLevel: string
    }
    expect(status.degradationLevel).toBe('EMERGENCY')
    expect(status.tasks.find((task) => task.name === 'technical_analysis')?.runs).toBeGreaterThan(
      400,
    )
    const outputs = (await call('GET', '/agents/outputs?agent=technical_analysis&limit=3')).body
    expect(outputs.length).toBe(3)
    const decisions = (await call('GET', '/decisions?limit=20')).body as {
      votes: unknown[]
      correlationId: string
    }[]
    expect(decisions.length).toBeGreaterThan(0)
    const trace = (await call('GET', `/decisions/${decisions[0]?.correlationId}/trace`)).body as {
      steps: { kind: string }[]
    }
    expect(trace.steps.map((step) => step.kind)).toContain('decision')
    const candles = (await call('GET', '/market/BTC_USDT/candles?timeframe=1h&limit=5')).body as {
      candles: unknown[]
      overlays: Record<string, unknown[]>
    }
    expect(candles.candles).toHaveLength(5)
    expect(Object.keys(candles.overlays)).toEqual(expect.arrayContaining(['ema_9', 'bb_upper']))
  })

  it('names the environment variable of each key, since this host cannot store keys', async () => {
    const keys = (await call('GET', '/settings/api-keys')).body as {
      provider: string
      canStore: boolean
      environmentVariables: { name: string }[]
    }[]
    expect(keys.every((key) => !key.canStore)).toBe(true)
    expect(
      Object.fromEntries(
        keys.map((key) => [
          key.provider,
          key.environmentVariables.map((variable) => variable.name),
        ]),
      ),
    ).toMatchObject({
      kraken: ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'],
      openai: ['OPENAI_API_KEY'],
      anthropic: ['ANTHROPIC_API_KEY'],
    })
  })

  it('pauses and resumes the coordinator and reports refusals as clear errors', async () => {
    expect((await call('POST', '/coordinator/pause', {})).body).toMatchObject({ state: 'PAUSED' })
    const again = await call('POST', '/coordinator/pause', {})
    expect(again.status).toBe(409)
    expect((await call('POST', '/coordinator/resume', {})).body).toMatchObject({ state: 'RUNNING' })
    expect((await call('POST', '/coordinator/task/nope/run', {})).status).toBe(404)
    expect(
      (await call('POST', '/coordinator/task/technical_analysis/disable', {})).body,
    ).toMatchObject({ isEnabled: false })
    expect(
      (await call('POST', '/coordinator/task/technical_analysis/enable', {})).body,
    ).toMatchObject({ isEnabled: true })
    expect((await call('GET', '/positions/unknown-id')).status).toBe(404)
    expect((await call('POST', '/orders/unknown-id/cancel', {})).status).toBe(404)
    expect((await call('PUT', '/settings/api-keys/openai', { key: 'sk-123456789' })).status).toBe(
      501,
    )
    expect((await call('GET', '/market/DOGE_USDT/snapshot')).body).toMatchObject({
      error: {
        code: 'BAD_REQUEST',
        message: expect.stringContaining('unsupported symbol DOGE/USDT'),
      },
    })
  })

  it('pauses and resumes one symbol, and refuses what cannot be done', async () => {
    const paused = await call('POST', '/coordinator/symbols/XRP_USDT/pause', {})
    expect(paused.body).toMatchObject({ state: 'RUNNING', pausedSymbols: ['XRP/USDT'] })
    expect((await call('POST', '/coordinator/symbols/XRP_USDT/pause', {})).body).toMatchObject({
      error: { code: 'CONFLICT', message: 'symbol=XRP/USDT is already paused' },
    })
    const resumed = await call('POST', '/coordinator/symbols/XRP_USDT/resume', {})
    expect(resumed.body).toMatchObject({ pausedSymbols: [] })
    expect((await call('POST', '/coordinator/symbols/XRP_USDT/resume', {})).status).toBe(409)
    // Followed for correlation only: not a symbol the coordinator trades.
    expect((await call('POST', '/coordinator/symbols/XRP_BTC/pause', {})).body).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'symbol=XRP/BTC is not traded' },
    })
  })

  it('forces a rebalance that buys towards the 33/33/33 target with the paper broker', async () => {
    const result = (await call('POST', '/portfolio/rebalance', { force: true })).body as {
      action: string
      trades: { side: string }[]
    }
    expect(result.action).toBe('rebalance')
    expect(result.trades.map((trade) => trade.side)).toEqual(['buy', 'buy'])
    const orders = (await call('GET', '/orders?status=all')).body as { role: string }[]
    expect(orders.some((order) => order.role === 'rebalance')).toBe(true)
    expect((await call('POST', '/orders/sync', {})).status).toBe(200)
    // No UI listened meanwhile; the feed can still show it all after a page load.
    const recent = (await call('GET', '/events/recent?limit=500')).body as {
      type: string
      message?: string
      order?: { role: string }
    }[]
    expect(recent.some((event) => event.message?.startsWith('engine started'))).toBe(true)
    expect(
      recent.some((event) => event.type.startsWith('order.') && event.order?.role === 'rebalance'),
    ).toBe(true)
    expect(recent.some((event) => event.type === 'market.tick')).toBe(false)
  })

  it('lists the DCA batches a forced rebalance scheduled, and cancels one and then the rest', async () => {
    const result = (await call('POST', '/portfolio/rebalance', { force: true })).body as {
      trades: { symbol: string; batches: number }[]
    }
    // The first batch of each trade ran at once; the others wait 4 h apart.
    const waiting = result.trades.reduce((count, trade) => count + trade.batches - 1, 0)
    expect(waiting).toBeGreaterThan(0)
    const listed = await call('GET', '/portfolio/batches')
    expect(listed.status).toBe(200)
    const batches = listed.body as {
      id: string
      rebalanceId: string
      batchNumber: number
      status: string
    }[]
    expect(batches).toHaveLength(waiting)
    expect(new Set(batches.map((batch) => batch.rebalanceId)).size).toBe(1)
    expect(batches.every((batch) => batch.status === 'pending' && batch.batchNumber > 1)).toBe(true)
    const [first] = batches
    const cancelled = await call('POST', `/portfolio/batches/${first?.id}/cancel`, {})
    expect(cancelled).toMatchObject({ status: 200, body: { id: first?.id, status: 'cancelled' } })
    const again = await call('POST', `/portfolio/batches/${first?.id}/cancel`, {})
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT' } } })
    expect((await call('POST', '/portfolio/batches/unknown-id/cancel', {})).status).toBe(404)
    const rest = await call('POST', `/portfolio/rebalances/${first?.rebalanceId}/cancel`, {})
    expect(rest).toMatchObject({ status: 200, body: { cancelled: waiting - 1 } })
    expect((await call('GET', '/portfolio/batches')).body).toEqual([])
    // The UI heard of each step: planned, first batches sent, the others cancelled.
    const recent = (await call('GET', '/events/recent?limit=500')).body as {
      type: string
      change?: string
      summary?: string
    }[]
    const changes = recent.filter((event) => event.type === 'portfolio.changed')
    expect(new Set(changes.map((event) => event.change))).toEqual(
      new Set(['rebalance_checked', 'rebalance_trade_executed', 'rebalance_batches_cancelled']),
    )
    expect(changes.map((event) => event.summary)).toContain(
      `${waiting - 1} scheduled rebalance batch${waiting - 1 === 1 ? '' : 'es'} cancelled`,
    )
  })

  it('streams engine events over the WebSocket', async () => {
    const socket = new WebSocket(
      `${host.url.replace('http', 'ws')}/api/v1/events?token=${host.token}`,
    )
    await new Promise((resolve) => socket.on('open', resolve))
    const received = new Promise<Record<string, unknown>>((resolve) =>
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as Record<string, unknown>
        if (event.type === 'coordinator.state') resolve(event)
      }),
    )
    await call('POST', '/coordinator/pause', {})
    expect(await received).toMatchObject({ type: 'coordinator.state', status: { state: 'PAUSED' } })
    await call('POST', '/coordinator/resume', {})
    socket.close()
  })

  it("tells the engine's time, the replay's, every second and in the coordinator status", async () => {
    const status = (await call('GET', '/coordinator/status')).body as { now: number }
    // The replay played up to START + 8h on its virtual clock; this machine's clock is years on.
    expect(status.now).toBeGreaterThanOrEqual(START + 8 * 3_600_000 - 60_000)
    expect(status.now).toBeLessThan(START + 9 * 3_600_000)
    const socket = new WebSocket(
      `${host.url.replace('http', 'ws')}/api/v1/events?token=${host.token}`,
    )
    const times: number[] = []
    await new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as { type: string; at: number }
        if (event.type === 'engine.time') times.push(event.at)
        if (times.length === 2) resolve()
      }),
    )
    socket.close()
    expect(times).toEqual([status.now, status.now])
  })

  it("pushes a circuit breaker's halt with no command: the alert, then the HALTED status", async () => {
    const socket = new WebSocket(
      `${host.url.replace('http', 'ws')}/api/v1/events?token=${host.token}`,
    )
    await new Promise((resolve) => socket.on('open', resolve))
    const seen: string[] = []
    const halted = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as {
          type: string
          alertType?: string
          status?: { state: string }
        }
        if (event.type === 'risk.alert') seen.push(`risk.alert ${event.alertType}`)
        if (event.type === 'coordinator.state')
          seen.push(`coordinator.state ${event.status?.state}`)
        if (event.status?.state === 'HALTED') resolve()
      }),
    )
    // The equity all but gone: the drawdown breaker trips on the engine's own.
    await host.running.engine.parts.risk.updateEquity(new Decimal(1))
    await halted
    socket.close()
    expect(seen).toEqual(['risk.alert circuit_breaker', 'coordinator.state HALTED'])
    await call('POST', '/risk/breakers/max_drawdown/reset', {})
    expect((await call('POST', '/coordinator/resume', {})).body).toMatchObject({ state: 'RUNNING' })
  })

  it('runs the kill switch: halts, cancels open orders and scheduled batches, and reports it', async () => {
    await call('POST', '/portfolio/rebalance', { force: true })
    const scheduled = ((await call('GET', '/portfolio/batches')).body as unknown[]).length
    expect(scheduled).toBeGreaterThan(0)
    const result = (await call('POST', '/coordinator/kill-switch', { closePositions: true })).body
    expect(result).toMatchObject({ state: 'HALTED', cancelledBatches: scheduled, errors: [] })
    expect((await call('GET', '/portfolio/batches')).body).toEqual([])
    expect((await call('POST', '/coordinator/resume', {})).body).toMatchObject({ state: 'RUNNING' })
  })
})
