// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { DesktopNotifier } from '../../../../src-renderer/src/notifications/desktop-notifier'
import { flattenConfig, SettingsView } from '../../../../src-renderer/src/views/settings-view'
import { someSettings, storable } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

/** An engine whose host can store keys (the desktop app); setApiKey still refuses unless replaced. */
function desktopApi(): InMemoryEngineApi {
  const keys = storable(someSettings().apiKeys)
  return new InMemoryEngineApi()
    .handle('settings:get', () => someSettings({ apiKeys: keys }))
    .handle('settings:apiKeys', () => keys)
}

describe('SettingsView', () => {
  it('shows each key only as set or not set, with its source', async () => {
    renderWithStores(<SettingsView />)
    const table = await screen.findByRole('table', { name: 'API keys' })
    const anthropic = within(table).getByText('Anthropic').closest('tr') as HTMLElement
    expect(within(anthropic).getAllByText('set')).toHaveLength(2)
    expect(within(anthropic).getByText('environment')).toBeTruthy()
    const openai = within(table).getByText('OpenAI').closest('tr') as HTMLElement
    expect(within(openai).getAllByText('not set')).toHaveLength(2)
  })

  it('on a host that cannot store keys, names the variables to set instead of key fields', async () => {
    renderWithStores(<SettingsView />)
    const table = await screen.findByRole('table', { name: 'API keys' })
    expect(screen.getByRole('note').textContent).toContain('This host cannot store keys')
    expect(within(table).queryByRole('columnheader', { name: 'New key' })).toBeNull()
    expect(within(table).queryAllByRole('textbox')).toEqual([])
    expect(table.querySelectorAll('input')).toHaveLength(0)
    const kraken = within(table).getByLabelText('Kraken environment variables')
    expect(kraken.textContent).toBe('KRAKEN_API_KEYnot setKRAKEN_API_SECRETnot set')
    expect(within(table).getByLabelText('OpenAI environment variables').textContent).toBe(
      'OPENAI_API_KEYnot set',
    )
    expect(within(table).getByLabelText('Anthropic environment variables').textContent).toBe(
      'ANTHROPIC_API_KEYset',
    )
  })

  it('shows the host refusal to store a key', async () => {
    const { api } = renderWithStores(<SettingsView />, { api: desktopApi() })
    const table = await screen.findByRole('table', { name: 'API keys' })
    expect(screen.queryByRole('note')).toBeNull()
    fireEvent.change(within(table).getByLabelText('OpenAI API key'), {
      target: { value: 'sk-test-12345678' },
    })
    fireEvent.click(within(table).getByRole('button', { name: 'Save OpenAI key' }))
    const alert = await within(table).findByRole('alert')
    expect(alert.textContent).toContain('UNSUPPORTED')
    expect(alert.textContent).toContain(
      'OpenAI key not saved: API keys can be stored only by the desktop app',
    )
    expect(api.callsOf('settings:setApiKey')).toEqual([
      { provider: 'openai', key: 'sk-test-12345678' },
    ])
  })

  it('checks a key before sending it and asks Kraken for its secret', async () => {
    const { api } = renderWithStores(<SettingsView />, { api: desktopApi() })
    const table = await screen.findByRole('table', { name: 'API keys' })
    fireEvent.change(within(table).getByLabelText('Kraken API key'), { target: { value: 'short' } })
    fireEvent.click(within(table).getByRole('button', { name: 'Save Kraken key' }))
    expect(within(table).getByRole('alert').textContent).toBe(
      'Key: the key looks too short (at least 8 characters)',
    )
    fireEvent.change(within(table).getByLabelText('Kraken API key'), {
      target: { value: 'kraken-key-1234' },
    })
    fireEvent.change(within(table).getByLabelText('Kraken API secret'), { target: { value: 'x' } })
    fireEvent.click(within(table).getByRole('button', { name: 'Save Kraken key' }))
    expect(within(table).getByRole('alert').textContent).toMatch(/^Secret: /)
    expect(api.callsOf('settings:setApiKey')).toEqual([])
  })

  it('stores a key on a host that can, clearing the field', async () => {
    const api = desktopApi().handle('settings:setApiKey', ({ provider }) =>
      storable(someSettings().apiKeys).map((key) =>
        key.provider === provider ? { ...key, isSet: true, source: 'keystore' as const } : key,
      ),
    )
    renderWithStores(<SettingsView />, { api })
    const table = await screen.findByRole('table', { name: 'API keys' })
    const input = within(table).getByLabelText('OpenAI API key') as HTMLInputElement
    expect(input.type).toBe('password')
    fireEvent.change(input, { target: { value: 'sk-test-12345678' } })
    fireEvent.click(within(table).getByRole('button', { name: 'Save OpenAI key' }))
    expect(await within(table).findByRole('button', { name: 'Remove OpenAI key' })).toBeTruthy()
    await waitFor(() => expect(input.value).toBe(''))
  })

  it('shows risk limits, schedules and the mode read-only', async () => {
    renderWithStores(<SettingsView />)
    const limits = await screen.findByLabelText('Risk limits')
    expect(limits.textContent).toContain('maxPositionsPerSymbol2')
    // Tasks are named in words, as on the Coordinator view.
    expect(screen.getByRole('table', { name: 'Schedules' }).textContent).toContain(
      'trading decision1hyes',
    )
    expect(screen.getByLabelText('Portfolio settings').textContent).toContain(
      'targetAllocation.USDT33.34',
    )
  })

  it('asks for notification permission from a click', async () => {
    const port = {
      permission: vi.fn(() => 'default' as NotificationPermission),
      requestPermission: vi.fn(async () => 'granted' as const),
      show: vi.fn(),
    }
    renderWithStores(<SettingsView />, { notifier: new DesktopNotifier(port) })
    fireEvent.click(await screen.findByRole('button', { name: 'Enable desktop notifications' }))
    expect(
      await screen.findByText(/fills, circuit breakers and errors that need you notify you/),
    ).toBeTruthy()
  })
})

describe('flattenConfig', () => {
  it('flattens nested objects into dotted keys', () => {
    expect(flattenConfig({ a: 1, b: { c: 'x', d: { e: null } }, f: [1, 2] })).toEqual([
      ['a', '1'],
      ['b.c', 'x'],
      ['b.d.e', '—'],
      ['f', '1, 2'],
    ])
  })

  it('prints objects inside lists as words, not JSON', () => {
    const groups = [
      { name: 'majors', assets: ['BTC', 'XRP'] },
      { name: 'alts', assets: ['ADA'] },
    ]
    expect(flattenConfig({ groups })).toEqual([
      ['groups', 'name majors · assets BTC, XRP; name alts · assets ADA'],
    ])
  })
})
