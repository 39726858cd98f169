// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ProviderHealthList } from '../../../../src-renderer/src/components/provider-health-list'

afterEach(cleanup)

describe('ProviderHealthList', () => {
  it('tells a provider whose last call failed (degraded) from a healthy one', () => {
    render(
      <ProviderHealthList
        providers={[
          { provider: 'rules', isAvailable: true, isHealthy: true, reason: null },
          {
            provider: 'ollama',
            isAvailable: true,
            isHealthy: true,
            reason: 'last call failed: not reachable (connection refused)',
          },
          {
            provider: 'deepseek',
            isAvailable: true,
            isHealthy: false,
            reason: 'skipped after repeated failures: timed out (30 s)',
          },
          {
            provider: 'openai',
            isAvailable: false,
            isHealthy: false,
            reason: 'no API key configured',
          },
        ]}
      />,
    )
    const table = screen.getByRole('table', { name: 'Providers' })
    const statusOf = (provider: string) =>
      within(within(table).getByText(provider).closest('tr') as HTMLElement).getAllByRole('cell')[1]
        ?.textContent
    expect(['rules', 'ollama', 'deepseek', 'openai'].map(statusOf)).toEqual([
      'healthy',
      'degraded',
      'unhealthy',
      'not configured',
    ])
  })
})
