import { expect, test } from '@playwright/test'
import type { Page } from '@playwright/test'
import { cellInColumn } from '../table-cells'

/**
 * Every view of the real renderer on the in-memory demo engine, with screenshots saved to
 * tests/e2e/screenshots/harness/ for review, plus the key interactions in a real browser.
 */
const SHOTS = 'tests/e2e/screenshots/harness'
const VIEWS = [
  'overview',
  'market',
  'positions',
  'orders',
  'decisions',
  'models',
  'coordinator',
  'settings',
]

async function open(page: Page, query: string) {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto(`/?${query}`)
  await expect(page.getByRole('banner')).toContainText('TripleGain')
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0)
  return errors
}

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, animations: 'disabled' })
}

for (const view of VIEWS) {
  test(`view ${view} renders without errors`, async ({ page }) => {
    const errors = await open(page, `view=${view}`)
    await expect(page.getByRole('tab', { name: new RegExp(`^${view}$`, 'i') })).toHaveAttribute(
      'aria-selected',
      'true',
    )
    await shoot(page, view)
    expect(errors).toEqual([])
  })
}

test('first run explains paper mode and the rules provider', async ({ page }) => {
  await open(page, 'scenario=first-run')
  const notice = page.getByRole('region', { name: 'Getting started' })
  await expect(notice).toContainText('Paper mode')
  await expect(notice).toContainText('Rules provider')
  await shoot(page, 'first-run-overview')
  await page.getByRole('tab', { name: 'Models' }).click()
  await expect(page.getByRole('note')).toContainText('Ollama is not reachable')
  await shoot(page, 'first-run-models')
})

test('live mode and a degraded, halted engine are unmistakable', async ({ page }) => {
  await open(page, 'scenario=live')
  await expect(page.getByRole('img', { name: /Trading mode LIVE/ })).toBeVisible()
  await shoot(page, 'live-overview')
  await open(page, 'scenario=degraded&view=coordinator')
  await expect(page.getByLabel('Coordinator HALTED')).toBeVisible()
  await expect(page.getByRole('table', { name: 'Degradation history' })).toContainText('LIMITED')
  const skip = (task: string) =>
    cellInColumn(page.getByRole('row', { name: `Task ${task}` }), 'Skipped')
  await expect(await skip('technical analysis')).toHaveText('3no market data yetXRP/USDT')
  await expect(await skip('technical analysis')).toHaveAttribute('title', /^Last skipped 30s ago: /)
  await expect(await skip('trading decision')).toHaveText('1previous run ongoingBTC/USDT')
  await shoot(page, 'degraded-coordinator')
})

test('pause, resume and the kill switch', async ({ page }) => {
  await open(page, 'view=overview')
  await page.getByRole('button', { name: 'Pause trading' }).click()
  await expect(page.getByLabel('Coordinator PAUSED')).toBeVisible()
  await page.getByRole('button', { name: 'Resume trading' }).click()
  await expect(page.getByLabel('Coordinator RUNNING')).toBeVisible()
  await page.getByRole('button', { name: 'Kill switch' }).click()
  const dialog = page.getByRole('dialog', { name: 'Kill switch' })
  await expect(dialog).toContainText(
    'Cancel 3 open orders other than stop-losses and take-profits.',
  )
  await dialog.getByRole('checkbox').check()
  await expect(dialog).toContainText('Close 3 open positions at market price.')
  await shoot(page, 'kill-switch-dialog')
  await dialog.getByRole('button', { name: 'Halt, cancel orders and close positions' }).click()
  await expect(page.getByRole('dialog', { name: 'Kill switch engaged' })).toContainText(
    'Cancelled 3 orders and 3 scheduled rebalance trades, closed 3 positions.',
  )
  await page.getByRole('button', { name: 'Close', exact: true }).click()
  await expect(page.getByLabel('Coordinator HALTED')).toBeVisible()
})

test('a breaker that trips on its own and the degradation it causes show at once, unasked', async ({
  page,
}) => {
  await open(page, 'view=overview')
  await expect(page.getByLabel('Coordinator RUNNING')).toBeVisible()
  const statusRequests = () =>
    page.evaluate(() => window.__demo?.callsOf('coordinator:status').length ?? -1)
  const before = await statusRequests()
  await page.evaluate(() => window.__demo?.tripBreaker('daily_loss', 'daily loss 5.2% >= limit 5%'))
  await expect(page.getByLabel('Coordinator HALTED')).toBeVisible()
  await expect(page.getByRole('banner')).toContainText('daily loss')
  await page.evaluate(() =>
    window.__demo?.degrade(
      'EMERGENCY',
      'LLM providers down: anthropic, deepseek, ollama, openai (4 of 4); no unhealthy agent',
    ),
  )
  await expect(page.getByLabel('Degradation EMERGENCY')).toBeVisible()
  const feed = page.getByRole('list', { name: 'Recent events' })
  await expect(feed).toContainText('Coordinator RUNNING → HALTED')
  await expect(feed).toContainText('Degradation NORMAL → EMERGENCY')
  // Pushed, not polled: the coordinator status was not asked for again.
  expect(await statusRequests()).toBe(before)
  await shoot(page, 'breaker-halt-pushed')
})

test('close a position and edit SL/TP with validation and engine refusal', async ({ page }) => {
  await open(page, 'view=positions')
  await page.getByRole('button', { name: 'Edit SL/TP BTC/USDT long' }).click()
  const form = page.getByRole('form', { name: 'Edit stop-loss and take-profit for BTC/USDT long' })
  await form.getByLabel('Stop-loss').fill('abc')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('alert')).toHaveText(
    'Stop-loss: expected a decimal number written as a string, e.g. "123.45"',
  )
  await form.getByLabel('Stop-loss').fill('70000')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(form.getByRole('alert')).toContainText('stop-loss must be below the current price')
  await shoot(page, 'positions-sltp-refused')
  await form.getByLabel('Stop-loss').fill('64000')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByRole('row', { name: 'BTC/USDT long pos-1' })).toContainText('64,000.00')
  await page.getByRole('button', { name: 'Close BTC/USDT long' }).click()
  const dialog = page.getByRole('dialog', { name: 'Close BTC/USDT long' })
  await expect(dialog.getByLabel('Close estimate')).toContainText('Estimated exit price')
  await shoot(page, 'positions-close-dialog')
  await dialog.getByRole('button', { name: 'Close position' }).click()
  await expect(page.getByRole('row', { name: 'BTC/USDT long pos-1' })).toHaveCount(0)
})

test('a position that closes while its close dialog is open says how it closed', async ({
  page,
}) => {
  await open(page, 'view=positions')
  await page.getByRole('button', { name: 'Close XRP/USDT short' }).click()
  const dialog = page.getByRole('dialog', { name: 'Close XRP/USDT short' })
  await expect(dialog.getByLabel('Close estimate')).toContainText('Estimated exit price')
  await page.evaluate(() => window.__demo?.stopOut('pos-2'))
  await expect(dialog).toContainText('closed while this dialog was open')
  await expect(dialog.getByLabel('How it closed')).toContainText('stop loss')
  await shoot(page, 'positions-closed-meanwhile')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toHaveCount(0)
})

test('cancel an order and open its timeline', async ({ page }) => {
  await open(page, 'view=orders')
  await page.getByRole('button', { name: 'Cancel order tg-ord-1' }).click()
  await expect(page.getByRole('button', { name: 'Cancel order tg-ord-1' })).toHaveCount(0)
  await page.getByRole('button', { name: 'Timeline of order tg-ord-0' }).click()
  const filled = page
    .getByRole('list', { name: 'Status timeline' })
    .locator('[data-status="FILLED"]')
  await expect(filled.locator('strong')).toHaveText('filled')
  await shoot(page, 'orders-timeline')
})

test('open a decision trace', async ({ page }) => {
  await open(page, 'view=decisions')
  await page
    .getByRole('table', { name: 'Trading decisions' })
    .getByRole('button', { name: 'Open trace corr-1' })
    .click()
  const checks = page.getByRole('list', { name: 'Risk checks' })
  await expect(checks.locator('li[data-outcome="modified"]')).toContainText(
    'POSITION_SIZE: sized=0.05',
  )
  await shoot(page, 'decision-trace')
})

test('the hit-rate chart beside the A/B comparison tells a group’s exact rates on hover', async ({
  page,
}) => {
  await open(page, 'view=models')
  const chart = page.getByRole('img', { name: /^Hit rate by model/ })
  await expect(chart).toHaveAttribute('aria-label', /deepseek-v4 — \/ 52% \/ —$/)
  // Above the model's name on the axis: in its group, where the tooltip follows the pointer.
  const label = await chart.getByText('claude-sonnet-4-5').boundingBox()
  if (!label) throw new Error('no axis label for claude-sonnet-4-5')
  await page.mouse.move(label.x + label.width / 2, label.y - 40)
  const tooltip = chart.locator('.chart-tooltip')
  await expect(tooltip).toContainText('Hit 24 h 64.0%')
  await expect(tooltip).toContainText('118 votes, 118 valid')
  await shoot(page, 'models-hit-rate-tooltip')
})

test('pull a model with visible progress, cancel another, delete one; a bad name is refused', async ({
  page,
}) => {
  await open(page, 'view=models')
  const form = page.getByRole('form', { name: 'Pull a model' })
  await form.getByLabel('Model name').fill('Bad Name!')
  await form.getByRole('button', { name: 'Pull' }).click()
  await expect(form.getByRole('alert')).toContainText('model name must look like qwen2.5:7b')
  await form.getByLabel('Model name').fill('phi3:mini')
  await form.getByRole('button', { name: 'Pull' }).click()
  const bar = page.getByRole('progressbar', { name: 'Pulling phi3:mini' })
  await expect(bar).toHaveAttribute('aria-valuenow', /^([1-9]\d?)$/)
  await shoot(page, 'models-pull-progress')
  await expect(bar).toHaveAttribute('aria-valuenow', '100', { timeout: 15_000 })
  await expect(page.getByRole('table', { name: 'Local models' })).toContainText('phi3:mini')
  await form.getByLabel('Model name').fill('gemma2:2b')
  await form.getByRole('button', { name: 'Pull' }).click()
  await page.getByRole('button', { name: 'Cancel pull of gemma2:2b' }).click()
  await expect(page.getByText('failed: cancelled by user')).toBeVisible()
  await page.getByRole('button', { name: 'Delete model llama3.2:3b' }).click()
  await page
    .getByRole('dialog', { name: 'Delete llama3.2:3b?' })
    .getByRole('button', { name: 'Delete model' })
    .click()
  await expect(page.getByRole('table', { name: 'Local models' })).not.toContainText('llama3.2:3b')
})

test('settings on a host that cannot store keys names their environment variables', async ({
  page,
}) => {
  await open(page, 'view=settings')
  await expect(page.getByText('OPENAI_API_KEY')).toBeVisible()
  await expect(page.getByLabel('OpenAI API key', { exact: true })).toHaveCount(0)
  await shoot(page, 'settings-key-variables')
})

test('the overview stays live while 100 events/s stream in', async ({ page }) => {
  await open(page, 'view=overview&stream=100')
  await expect(page.getByRole('list', { name: 'Recent events' })).toBeVisible({ timeout: 10_000 })
  await page.waitForTimeout(1500)
  await shoot(page, 'overview-streaming')
  await page.getByRole('tab', { name: 'Market' }).click()
  await page.getByRole('combobox', { name: 'Candles' }).selectOption('10000')
  await expect(page.getByRole('img', { name: /10000 candles, drawn as/ })).toBeVisible()
  await shoot(page, 'market-10k')
})
