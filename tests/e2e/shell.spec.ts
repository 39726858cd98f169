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
