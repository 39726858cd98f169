import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { APIRequestContext, Page } from '@playwright/test'
import { asWords } from '../../src-shared/words'
import { E2E_TOKEN_FILE } from './host/e2e-settings'
import { cellInColumn } from './table-cells'

/**
 * The workstation against the real headless host: paper broker over the bundled replay
 * (an hour of market every few seconds), the Ollama fake answering BUY and the Kraken
 * simulator. Tests share one host and run in file order; each waits on UI or API state.
 */
const SHOTS = 'tests/e2e/screenshots/host'
const VIEWS = [
  'Overview',
  'Market',
  'Positions',
  'Orders',
  'Decisions',
  'Models',
  'Coordinator',
  'Settings',
]

interface ApiPosition {
  id: string
  symbol: string
  side: string
  size: string
  status: string
  entryPrice: string
  currentPrice: string
  stopLoss: string | null
  trailingStop: { isActive: boolean } | null
  correlationId: string
}
interface ApiOrder {
  id: string
  clientOrderId: string
  status: string
  role: string
  type: string
  positionId: string | null
}

const token = () => readFileSync(E2E_TOKEN_FILE, 'utf8').trim()

async function api<T>(request: APIRequestContext, path: string): Promise<T> {
  const response = await request.get(`/api/v1${path}`, {
    headers: { authorization: `Bearer ${token()}` },
  })
  expect(response.ok(), `GET ${path}`).toBe(true)
  return (await response.json()) as T
}

/** An open BTC/USDT long now, if there is one. */
async function findBtcLong(request: APIRequestContext): Promise<ApiPosition | undefined> {
  const positions = await api<ApiPosition[]>(request, '/positions?status=open')
  return positions.find((p) => p.symbol === 'BTC/USDT' && p.side === 'long')
}

/** Waits until the trading-decision pipeline has opened a long on BTC/USDT, and returns it. */
async function openBtcLong(request: APIRequestContext): Promise<ApiPosition> {
  let found: ApiPosition | undefined
  await expect
    .poll(
      async () => {
        found = await findBtcLong(request)
        return found !== undefined
      },
      { timeout: 45_000, message: 'a BTC/USDT long opened by a trading decision' },
    )
    .toBe(true)
  return found as ApiPosition
}

async function open(page: Page, view = 'Overview') {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`/?token=${token()}`)
  await expect(page.getByRole('banner')).toContainText('TripleGain')
  await expect(page.getByLabel('Connection connected')).toBeVisible()
  if (view !== 'Overview') await page.getByRole('tab', { name: view, exact: true }).click()
  await expect(page.getByRole('tab', { name: view, exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  return errors
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, animations: 'disabled' })
}

test('a trading decision opens a position through the paper broker', async ({ request }) => {
  const position = await openBtcLong(request)
  expect(Number(position.stopLoss)).toBeLessThan(Number(position.entryPrice))
})

for (const view of VIEWS) {
  test(`view ${view} shows the host's data without errors`, async ({ page, request }) => {
    await openBtcLong(request)
    const errors = await open(page, view)
    await expect(page.getByRole('alert')).toHaveCount(0)
    await shoot(page, view.toLowerCase())
    expect(errors).toEqual([])
  })
}

test('the chart and the snapshot follow the market while the Market view stays open', async ({
  page,
}) => {
  await open(page, 'Market')
  await page.getByRole('group', { name: 'Timeframe' }).getByRole('button', { name: '1h' }).click()
  const chart = page.getByRole('img', { name: /^Candle chart BTC\/USDT 1h, \d+ candles/ })
  const candlesShown = async () =>
    Number(/, (\d+) candles/.exec((await chart.getAttribute('aria-label')) ?? '')?.[1])
  const before = await candlesShown()
  // The replay plays an hour every few seconds: newer hourly candles close while we look.
  await expect
    .poll(candlesShown, { timeout: 30_000, message: 'a newer 1h candle on the open chart' })
    .toBeGreaterThan(before)
  // The hour still forming is drawn after the closed ones, and moves with the price.
  const forming = chart.locator('path.candle.forming')
  const formingShape = async () =>
    (await forming.count()) === 1 ? forming.getAttribute('d') : null
  await expect.poll(formingShape, { message: 'the forming 1h candle' }).not.toBeNull()
  const shapeBefore = await formingShape()
  await expect
    .poll(formingShape, { timeout: 20_000, message: 'the forming 1h candle moving' })
    .not.toBe(shapeBefore)
  const price = page.getByRole('region', { name: 'Snapshot' }).locator('.metric .value').first()
  const priceBefore = await price.textContent()
  await expect(price).not.toHaveText(priceBefore ?? '', { timeout: 20_000 })
  await expect(page.getByRole('alert')).toHaveCount(0)
})

test('the overview lists the rebalance trades scheduled to run, or says there are none', async ({
  page,
}) => {
  await open(page)
  const panel = page.getByRole('region', { name: 'Scheduled rebalance trades' })
  // Whether the replay has a DCA rebalance under way depends on how far it got.
  await expect(
    panel
      .getByRole('table', { name: 'Scheduled rebalance trades' })
      .or(panel.getByText(/^Nothing scheduled\./)),
  ).toBeVisible()
  await expect(panel.getByRole('alert')).toHaveCount(0)
})

/** A relative time within the bundled replay (three days of May 2021), not years from today. */
const RELATIVE_IN_REPLAY = /^(now|(in )?(\d+s|\d+m \d{2}s|\d+h \d{2}m|[0-3]d \d{2}h)( ago)?)$/

test("relative times follow the replay's clock, not this machine's", async ({ page, request }) => {
  const position = await openBtcLong(request)
  await open(page, 'Positions')
  const row = page.getByRole('row', { name: `${position.symbol} ${position.side} ${position.id}` })
  await expect(await cellInColumn(row, 'Opened')).toHaveText(RELATIVE_IN_REPLAY)
  await page.getByRole('tab', { name: 'Coordinator', exact: true }).click()
  const task = page.getByRole('row', { name: 'Task technical analysis' })
  // Technical analysis runs every replayed minute.
  await expect(await cellInColumn(task, 'Last run')).toHaveText(RELATIVE_IN_REPLAY)
})

test('open the decision trace of the trade', async ({ page, request }) => {
  const position = await openBtcLong(request)
  await open(page, 'Decisions')
  await page
    .getByRole('table', { name: 'Trading decisions' })
    .getByRole('button', { name: `Open trace ${position.correlationId}` })
    .click()
  const steps = page.getByRole('list', { name: 'Decision trace steps' })
  await expect(steps).toBeVisible()
  await expect(steps.getByRole('listitem').first()).toBeVisible()
  await expect(page.getByRole('table', { name: 'Model votes' })).toContainText('BUY')
  await shoot(page, 'decision-trace')
})

test('edit SL/TP: a stop-loss above the price of a long is refused, a valid one applied', async ({
  page,
  request,
}) => {
  const position = await openBtcLong(request)
  await holdOpen(request, position)
  await open(page, 'Positions')
  const name = `${position.symbol} ${position.side}`
  const row = page.getByRole('row', { name: `${name} ${position.id}` })
  await row.getByRole('button', { name: `Edit SL/TP ${name}` }).click()
  const form = page.getByRole('form', { name: `Edit stop-loss and take-profit for ${name}` })
  await form.getByLabel('Stop-loss').fill('abc')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('alert')).toContainText('Stop-loss: expected a decimal number')
  const tooHigh = Math.ceil(Number(position.currentPrice) * 1.1)
  await form.getByLabel('Stop-loss').fill(String(tooHigh))
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('alert')).toContainText(
    /stop-loss \d+ must be below the current price [\d.]+ for a long position/,
  )
  await shoot(page, 'positions-sltp-refused')
  const valid = Math.floor(Number(position.entryPrice) * 0.97)
  await form.getByLabel('Stop-loss').fill(String(valid))
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form).toHaveCount(0)
  // Held open with its trailing stop off, nothing moves the stop-loss but the edit.
  const stored = await api<ApiPosition>(request, `/positions/${position.id}`)
  expect(Number(stored.stopLoss)).toBe(valid)
  await expect(row).toContainText(valid.toLocaleString('en-US'))
})

/** Opens a BTC long through the API and its close dialog on the Positions view. */
/** Moves a position's stop-loss and take-profit far from the price and stops its trailing. */
async function holdOpen(request: APIRequestContext, position: ApiPosition): Promise<void> {
  const price = Number(position.currentPrice)
  const response = await request.patch(`/api/v1/positions/${position.id}`, {
    headers: { authorization: `Bearer ${token()}` },
    data: {
      stopLoss: String(Math.floor(price * 0.5)),
      takeProfit: String(Math.ceil(price * 2)),
      trailingStop: { isEnabled: false },
    },
  })
  expect(response.ok(), `PATCH /positions/${position.id}: ${await response.text()}`).toBe(true)
}

async function openCloseDialog(page: Page, request: APIRequestContext) {
  await openBtcLong(request)
  await open(page, 'Positions')
  const name = 'BTC/USDT long'
  let position: ApiPosition | undefined
  // The replay runs on: the long found may be stopped out before the page shows it, so look
  // again until the row of a long found opens its dialog. Its stop-loss and take-profit are
  // moved far away first, so that it stays open while the test works on it.
  await expect(async () => {
    position = await findBtcLong(request)
    expect(position, 'an open BTC/USDT long').toBeDefined()
    await holdOpen(request, position!)
    await page
      .getByRole('row', { name: `${name} ${position!.id}` })
      .getByRole('button', { name: `Close ${name}` })
      .click({ timeout: 2_000 })
  }).toPass({ timeout: 45_000 })
  const opened = position as ApiPosition
  const row = page.getByRole('row', { name: `${name} ${opened.id}` })
  return { position: opened, row, dialog: page.getByRole('dialog', { name: `Close ${name}` }) }
}

test('close half of a position: the estimate is of that half and the row keeps the rest', async ({
  page,
  request,
}) => {
  const { position, row, dialog } = await openCloseDialog(page, request)
  await expect(dialog.getByRole('button', { name: 'All' })).toHaveAttribute('aria-pressed', 'true')
  // More than is open: the engine says so, naming the field, and nothing can be sent.
  await dialog.getByLabel('Size to close (BTC)').fill('1')
  await expect(dialog.getByRole('alert')).toContainText(
    `size=1 is above the open size=${position.size} of position id=${position.id}`,
  )
  await expect(dialog.getByRole('button', { name: 'Close part' })).toBeDisabled()
  await dialog.screenshot({
    path: `${SHOTS}/positions-close-part-refused.png`,
    animations: 'disabled',
  })
  await dialog.getByRole('button', { name: '50%' }).click()
  await expect(dialog.getByRole('button', { name: '50%' })).toHaveAttribute('aria-pressed', 'true')
  const estimate = dialog.getByLabel('Close estimate')
  await expect(estimate).toContainText('Stays open')
  const confirm = dialog.getByRole('button', { name: /^Close [\d.]+ BTC$/ })
  const half = (await confirm.textContent())!.replace(/^Close | BTC$/g, '')
  expect(Number(half)).toBeCloseTo(Number(position.size) / 2, 7)
  await shoot(page, 'positions-close-part-dialog')
  await dialog.screenshot({
    path: `${SHOTS}/positions-close-part-control.png`,
    animations: 'disabled',
  })
  await confirm.click()
  await expect(dialog).toHaveCount(0)
  const stored = await api<ApiPosition>(request, `/positions/${position.id}`)
  expect(stored.status).toBe('open')
  expect(Number(stored.size)).toBeCloseTo(Number(position.size) - Number(half), 8)
  await expect(await cellInColumn(row, 'Size')).toHaveText(stored.size)
  await shoot(page, 'positions-after-partial-close')
})

test('close a position after a confirmation with the estimated exit and P&L', async ({
  page,
  request,
}) => {
  const { position, row, dialog } = await openCloseDialog(page, request)
  const estimate = dialog.getByLabel('Close estimate')
  await expect(estimate).toContainText('Estimated exit price')
  await expect(estimate).toContainText('Estimated P&L')
  await shoot(page, 'positions-close-dialog')
  await dialog.getByRole('button', { name: 'Close position' }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)
  const closed = await api<ApiPosition & { status: string }>(request, `/positions/${position.id}`)
  expect(closed.status).toBe('closed')
})

test('record a close made on the exchange: booked at the price typed, its protection cancelled', async ({
  page,
  request,
}) => {
  const { position, row, dialog } = await openCloseDialog(page, request)
  await dialog.getByRole('button', { name: /Record that close instead/ }).click()
  const price = dialog.getByLabel('Exit price (USDT)')
  await price.fill('0')
  await expect(dialog.getByRole('alert')).toContainText('greater than zero')
  await price.fill(position.currentPrice)
  await shoot(page, 'positions-close-elsewhere-dialog')
  await dialog.getByRole('button', { name: /^Record close at / }).click()
  await expect(dialog).toHaveCount(0)
  await expect(row).toHaveCount(0)
  const closed = await api<ApiPosition & { exitPrice: string; closeReason: string }>(
    request,
    `/positions/${position.id}`,
  )
  expect(closed).toMatchObject({ status: 'closed', closeReason: 'closed_elsewhere' })
  expect(Number(closed.exitPrice)).toBeCloseTo(Number(position.currentPrice), 2)
  await expect
    .poll(async () => {
      const orders = await api<ApiOrder[]>(request, '/orders')
      return orders.filter((order) => order.positionId === position.id).length
    })
    .toBe(0)
})

test('cancel an open order', async ({ page, request }) => {
  let order: ApiOrder | undefined
  const openOrders = page.getByRole('table', { name: 'Open orders' })
  const rowOf = (clientOrderId: string) =>
    openOrders.getByRole('row', { name: `Order ${clientOrderId}`, exact: true })
  // The replay runs on: a trailing stop may replace the order found before the page shows it,
  // or before the click lands, so look again until an order found is cancelled from the page.
  await expect(async () => {
    // An order of a position that stays open: those of a just-closed one are being cancelled.
    const positions = await api<ApiPosition[]>(request, '/positions?status=open')
    const openIds = new Set(positions.map((position) => position.id))
    const orders = await api<ApiOrder[]>(request, '/orders')
    order = orders.find(
      (candidate) => candidate.status === 'OPEN' && openIds.has(candidate.positionId ?? ''),
    )
    expect(order, 'an open order').toBeDefined()
    await open(page, 'Orders')
    await expect(rowOf(order!.clientOrderId)).toBeVisible({ timeout: 2_000 })
    await shoot(page, 'orders-open')
    await rowOf(order!.clientOrderId)
      .getByRole('button', { name: `Cancel order ${order!.clientOrderId}` })
      .click({ timeout: 2_000 })
  }).toPass({ timeout: 45_000 })
  const { id, clientOrderId } = order as ApiOrder
  const row = rowOf(clientOrderId)
  await expect(row.getByRole('alert')).toHaveCount(0)
  await expect(row).toHaveCount(0)
  expect((await api<ApiOrder>(request, `/orders/${id}`)).status).toBe('CANCELLED')
})

test('Settings on the headless host names the environment variable of each key, no key fields', async ({
  page,
}) => {
  await open(page, 'Settings')
  const keys = page.getByRole('table', { name: 'API keys' })
  await expect(page.getByRole('note')).toContainText('This host cannot store keys')
  await expect(keys.getByLabel('Kraken environment variables')).toHaveText(
    'KRAKEN_API_KEYnot setKRAKEN_API_SECRETnot set',
  )
  await expect(keys.getByLabel('OpenAI environment variables')).toHaveText('OPENAI_API_KEYnot set')
  await expect(keys.getByLabel('Anthropic environment variables')).toHaveText(
    'ANTHROPIC_API_KEYnot set',
  )
  await expect(keys.locator('input')).toHaveCount(0)
  await shoot(page, 'settings-keys-headless')
})

test('the recent events are back right after a page reload, each once', async ({
  page,
  request,
}) => {
  await openBtcLong(request)
  await open(page)
  const lines = page.getByRole('list', { name: 'Recent events' }).getByRole('listitem')
  await expect(lines.filter({ hasText: /Filled BUY/ }).first()).toBeVisible()
  await expect.poll(() => lines.count()).toBeGreaterThanOrEqual(10)
  // Each line carries its time: the same text after the reload is the same event.
  const shown = await lines.evaluateAll((items) =>
    items.slice(0, 10).map((item) => item.textContent),
  )
  await page.reload()
  for (const text of shown) {
    await expect(lines.filter({ hasText: text ?? '' }), text ?? '').toHaveCount(1, {
      timeout: 3000,
    })
  }
  const texts = await lines.evaluateAll((items) => items.map((item) => item.textContent))
  expect(new Set(texts).size).toBe(texts.length)
  await shoot(page, 'overview-after-reload')
})

test('the task list follows task runs as they happen, without asking for the status', async ({
  page,
}) => {
  await open(page, 'Coordinator')
  const statusRequests: string[] = []
  page.on('request', (sent) => {
    if (sent.url().includes('/api/v1/coordinator/status')) statusRequests.push(sent.url())
  })
  // Technical analysis runs every replayed minute.
  const runs = await cellInColumn(
    page.getByRole('row', { name: 'Task technical analysis' }),
    'Runs',
  )
  const before = Number(await runs.textContent())
  await expect
    .poll(async () => Number(await runs.textContent()), { timeout: 5000 })
    .toBeGreaterThan(before)
  // Well inside the fallback poll's 15 s: the change came pushed.
  expect(statusRequests).toEqual([])
})

test('pause and resume trading', async ({ page }) => {
  await open(page)
  await page.getByRole('button', { name: 'Pause trading' }).click()
  await expect(page.getByLabel('Coordinator PAUSED')).toBeVisible()
  await shoot(page, 'paused')
  await page.getByRole('button', { name: 'Resume trading' }).click()
  await expect(page.getByLabel('Coordinator RUNNING')).toBeVisible()
})

test('a symbol is paused with one click, and a resume through the API reaches the view', async ({
  page,
  request,
}) => {
  await open(page, 'Coordinator')
  await page.getByRole('button', { name: 'Pause trading XRP/USDT' }).click()
  const resume = page.getByRole('button', { name: 'Resume trading XRP/USDT' })
  await expect(resume).toBeVisible()
  await expect(page.getByRole('button', { name: 'Pause trading BTC/USDT' })).toBeVisible()
  const paused = await api<{ pausedSymbols: string[] }>(request, '/coordinator/status')
  expect(paused.pausedSymbols).toEqual(['XRP/USDT'])
  await shoot(page, 'coordinator-paused-symbol')
  const resumed = await request.post('/api/v1/coordinator/symbols/XRP_USDT/resume', {
    headers: { authorization: `Bearer ${token()}` },
    data: {},
  })
  expect(resumed.ok()).toBe(true)
  await expect(resume).toBeHidden()
  await expect(page.getByRole('button', { name: 'Pause trading XRP/USDT' })).toBeVisible()
})

test('the kill switch says what it will do, halts, and trading resumes', async ({
  page,
  request,
}) => {
  const position = await openBtcLong(request)
  let protective: ApiOrder[] = []
  await expect
    .poll(
      async () => {
        protective = (await api<ApiOrder[]>(request, '/orders')).filter(
          (order) =>
            order.positionId === position.id &&
            order.status === 'OPEN' &&
            (order.role === 'stop-loss' || order.role === 'take-profit'),
        )
        return protective.length
      },
      { timeout: 15_000, message: 'the protective orders of the open position' },
    )
    .toBeGreaterThan(0)
  await open(page)
  await page.getByRole('button', { name: 'Kill switch' }).click()
  const dialog = page.getByRole('dialog', { name: 'Kill switch' })
  const plan = dialog.getByRole('list', { name: 'What the kill switch will do' })
  await expect(plan).toContainText(
    'Halt the coordinator: no new trades are opened until you resume.',
  )
  await expect(plan).toContainText(
    /(Cancel \d+ open orders?|No open orders to cancel) other than stop-losses and take-profits\./,
  )
  await expect(plan).toContainText(/scheduled rebalance trade/)
  await dialog.getByRole('checkbox').check()
  await expect(plan).toContainText(/Close .* at market price\./)
  await shoot(page, 'kill-switch-dialog')
  await dialog.getByRole('button', { name: 'Halt, cancel orders and close positions' }).click()
  const done = page.getByRole('dialog', { name: 'Kill switch engaged' })
  await expect(done.getByRole('status')).toContainText('Trading is HALTED.')
  const cancelledBatches = Number(
    (await done.getByRole('status').textContent())?.match(
      /and (\d+) scheduled rebalance trade/,
    )?.[1] ?? 0,
  )
  // The scheduled rebalance trades it cancelled leave the Overview too.
  await expect(page.getByRole('table', { name: 'Scheduled rebalance trades' })).toHaveCount(0)
  await shoot(page, 'kill-switch-engaged')
  await done.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(page.getByLabel('Coordinator HALTED')).toBeVisible()
  // The closed position's stop-loss and take-profit are cancelled, and the feed says so. The
  // replay runs on meanwhile: a stop (trailing up behind the price) may fire in the seconds
  // before the kill switch, closing its position itself — then it is FILLED and its other
  // order cancelled with it. Whatever was still open is cancelled; nothing stays open.
  const feed = page.getByRole('list', { name: 'Recent events' })
  const after = await Promise.all(
    protective.map((order) => api<ApiOrder>(request, `/orders/${order.id}`)),
  )
  expect(after.filter((order) => order.status === 'CANCELLED').length).toBeGreaterThan(0)
  for (const order of after) {
    expect(['CANCELLED', 'FILLED']).toContain(order.status)
    // The feed names the order's type and status in words: "stop loss cancelled".
    if (order.status === 'CANCELLED') {
      await expect(feed).toContainText(`${asWords(order.type)} ${asWords(order.status)}`)
    }
  }
  // So are the scheduled rebalance trades, when there were any (the replay may be between two).
  if (cancelledBatches > 0) {
    await expect(feed).toContainText(
      `${cancelledBatches} scheduled rebalance batch${cancelledBatches === 1 ? '' : 'es'} cancelled`,
    )
  }
  await shoot(page, 'kill-switch-feed')
  await page.getByRole('button', { name: 'Resume trading' }).click()
  await expect(page.getByLabel('Coordinator RUNNING')).toBeVisible()
})

test('pull a model with visible progress and delete it; a bad model name is refused', async ({
  page,
}) => {
  await open(page, 'Models')
  const form = page.getByRole('form', { name: 'Pull a model' })
  await form.getByLabel('Model name').fill('Bad Name!')
  await form.getByRole('button', { name: 'Pull' }).click()
  await expect(form.getByRole('alert')).toContainText('model name must look like qwen2.5:7b')
  await shoot(page, 'models-bad-name')
  await form.getByLabel('Model name').fill('phi3:mini')
  await form.getByRole('button', { name: 'Pull' }).click()
  const bar = page.getByRole('progressbar', { name: 'Pulling phi3:mini' })
  await expect(bar).toHaveAttribute('aria-valuenow', /^([1-9]\d?)$/)
  await shoot(page, 'models-pull-progress')
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 15_000 })
  const models = page.getByRole('table', { name: 'Local models' })
  await expect(models).toContainText('phi3:mini')
  await page.getByRole('button', { name: 'Delete model phi3:mini' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete phi3:mini?' })
  await shoot(page, 'models-delete-dialog')
  await confirm.getByRole('button', { name: 'Delete model' }).click()
  await expect(models).not.toContainText('phi3:mini')
})
