import type { Locator } from '@playwright/test'

/**
 * The cell of `row` in the column headed `heading`, found by its header rather than by a fixed
 * place: a column moved or merged for a narrower window then fails here by name.
 */
export async function cellInColumn(row: Locator, heading: string): Promise<Locator> {
  const table = row.locator('xpath=ancestor::table[1]')
  const headings = (await table.locator('thead th').allTextContents()).map((text) => text.trim())
  const index = headings.findIndex((text) => text.toLowerCase() === heading.toLowerCase())
  if (index < 0) throw new Error(`no column "${heading}" in a table of: ${headings.join(', ')}`)
  return row.getByRole('cell').nth(index)
}
