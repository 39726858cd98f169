import { expect, test } from '@playwright/test'

test('the built renderer loads in Chromium and shows the shell', async ({ page }) => {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  await page.goto('/')
  await expect(page.getByRole('banner')).toContainText('TripleGain')
  await expect(page.getByText('PAPER')).toBeVisible()
  await page.screenshot({ path: 'tests/e2e/screenshots/shell.png' })
  expect(errors).toEqual([])
})
