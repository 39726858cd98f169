import { expect, test } from '@playwright/test'

test('the built renderer boots in Chromium and shows it cannot reach an engine', async ({
  page,
}) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  // Served by vite preview: no /api/v1 here, so every panel must say so instead of staying blank.
  await page.goto('/')
  await expect(page.getByRole('banner')).toContainText('TripleGain')
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByLabel(/^Connection (connecting|reconnecting)$/)).toBeVisible()
  await expect(page.getByRole('alert').first()).toBeVisible()
  await page.screenshot({ path: 'tests/e2e/screenshots/shell.png' })
  expect(errors).toEqual([])
})

test('the renderer bundle carries no engine code, exchange client or LLM SDK', async () => {
  const { readdirSync, readFileSync } = await import('node:fs')
  const assets = 'out/renderer/assets'
  const code = readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => readFileSync(`${assets}/${file}`, 'utf8'))
    .join('\n')
  for (const marker of [
    'api.kraken.com',
    'api.openai.com',
    'api.anthropic.com',
    'ccxt',
    'PGlite',
    'drizzle',
    'ipcRenderer',
  ]) {
    expect(code, `renderer bundle contains ${marker}`).not.toContain(marker)
  }
})
