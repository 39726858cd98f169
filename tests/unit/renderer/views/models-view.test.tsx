// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { ModelsView } from '../../../../src-renderer/src/views/models-view'
import { aModelStats, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

function startPull(name: string) {
  const form = screen.getByRole('form', { name: 'Pull a model' })
  fireEvent.change(within(form).getByLabelText('Model name'), { target: { value: name } })
  fireEvent.click(within(form).getByRole('button', { name: 'Pull' }))
  return form
}

describe('ModelsView', () => {
  it('shows the A/B comparison, assignments, providers and local models with who uses them', async () => {
    renderWithStores(<ModelsView />)
    const comparison = await screen.findByRole('table', { name: 'Model comparison' })
    expect(within(comparison).getByText('claude-sonnet-4-5')).toBeTruthy()
    expect(within(comparison).getByText('64%').className).toContain('up')
    const local = await screen.findByRole('table', { name: 'Local models' })
    const row = within(local).getByText('qwen2.5:7b').closest('tr') as HTMLElement
    expect(within(row).getByText('4.68 GB')).toBeTruthy()
    expect(within(row).getByText('Q4_K_M')).toBeTruthy()
    expect(within(row).getByText('running')).toBeTruthy()
    expect(within(row).getByText('technical analysis, trading decision')).toBeTruthy()
    expect(await screen.findByRole('table', { name: 'Providers' })).toBeTruthy()
  })

  it('pulls a model with a progress bar that follows the progress events, and cancels it', async () => {
    const { api, frame } = renderWithStores(<ModelsView />)
    await screen.findByRole('table', { name: 'Local models' })
    startPull('phi3:mini')
    const bar = await screen.findByRole('progressbar', { name: 'Pulling phi3:mini' })
    expect(api.callsOf('ollama:pull')).toEqual([{ name: 'phi3:mini' }])
    api.emit(events.pullProgress({ completedBytes: 500_000_000, totalBytes: 2_000_000_000 }))
    frame()
    expect(bar.getAttribute('aria-valuenow')).toBe('25')
    expect(bar.getAttribute('aria-valuetext')).toBe('25% (500 MB of 2.00 GB)')
    fireEvent.click(screen.getByRole('button', { name: 'Cancel pull of phi3:mini' }))
    expect(api.callsOf('ollama:cancelPull')).toEqual([{ pullId: 'pull-1' }])
    api.emit(events.pullProgress({ isDone: true, error: 'cancelled by user' }))
    frame()
    expect(screen.getByText('failed: cancelled by user')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('progressbar')).toBeNull()
  })

  it('completes a pull and reloads the model list', async () => {
    const { api, frame } = renderWithStores(<ModelsView />)
    await screen.findByRole('table', { name: 'Local models' })
    startPull('phi3:mini')
    await screen.findByRole('progressbar')
    const before = api.callsOf('ollama:list').length
    api.emit(
      events.pullProgress({
        status: 'success',
        completedBytes: 2_000_000_000,
        totalBytes: 2_000_000_000,
        isDone: true,
      }),
    )
    frame()
    expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100')
    expect(screen.getByText('done')).toBeTruthy()
    expect(api.callsOf('ollama:list').length).toBe(before + 1)
  })

  it('rejects a bad model name with the rule it breaks, without calling the engine', async () => {
    const { api } = renderWithStores(<ModelsView />)
    await screen.findByRole('table', { name: 'Local models' })
    const form = startPull('Bad Name!')
    expect(within(form).getByRole('alert').textContent).toBe(
      'model name must look like qwen2.5:7b (lowercase letters, digits, . _ - / and an optional :tag)',
    )
    expect(api.callsOf('ollama:pull')).toEqual([])
  })

  it('shows a refused pull', async () => {
    const api = new InMemoryEngineApi().reject(
      'ollama:pull',
      'NOT_FOUND',
      'model "nope:1b" not found in the registry',
    )
    renderWithStores(<ModelsView />, { api })
    await screen.findByRole('table', { name: 'Local models' })
    const form = startPull('nope:1b')
    expect((await within(form).findByRole('alert')).textContent).toContain(
      'The pull was refused: model "nope:1b" not found',
    )
  })

  it('deletes a model after a confirmation that names its users', async () => {
    const { api } = renderWithStores(<ModelsView />)
    const local = await screen.findByRole('table', { name: 'Local models' })
    fireEvent.click(within(local).getByRole('button', { name: 'Delete model qwen2.5:7b' }))
    const dialog = screen.getByRole('dialog', { name: 'Delete qwen2.5:7b?' })
    expect(dialog.textContent).toContain('removes qwen2.5:7b (4.68 GB)')
    expect(dialog.textContent).toContain('Used by: technical analysis, trading decision')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete model' }))
    await screen.findByRole('table', { name: 'Local models' })
    expect(api.callsOf('ollama:delete')).toEqual([{ name: 'qwen2.5:7b' }])
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('keeps the model when the delete is cancelled or refused', async () => {
    const api = new InMemoryEngineApi().reject('ollama:delete', 'CONFLICT', 'model is loaded')
    renderWithStores(<ModelsView />, { api })
    const local = await screen.findByRole('table', { name: 'Local models' })
    fireEvent.click(within(local).getByRole('button', { name: 'Delete model llama3.2:3b' }))
    fireEvent.click(screen.getByRole('button', { name: 'Keep model' }))
    expect(api.callsOf('ollama:delete')).toEqual([])
    fireEvent.click(within(local).getByRole('button', { name: 'Delete model llama3.2:3b' }))
    fireEvent.click(screen.getByRole('button', { name: 'Delete model' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'The delete was refused: model is loaded',
    )
  })

  it('explains an unreachable Ollama and the fallback instead of an empty table', async () => {
    const api = new InMemoryEngineApi().handle('ollama:list', () => ({
      isReachable: false,
      message: 'connect ECONNREFUSED 127.0.0.1:11434',
      models: [],
    }))
    renderWithStores(<ModelsView />, { api })
    const note = await screen.findByRole('note')
    expect(note.textContent).toContain('Ollama is not reachable.')
    expect(note.textContent).toContain('connect ECONNREFUSED 127.0.0.1:11434.')
    expect(note.textContent).toContain('rules provider')
    expect((screen.getByRole('button', { name: 'Pull' }) as HTMLButtonElement).disabled).toBe(true)
  })

  it('charts the hit rates beside the comparison, in the same panel', async () => {
    renderWithStores(<ModelsView />)
    const panel = screen.getByRole('region', { name: 'A/B comparison (trading decision)' })
    expect(
      await within(panel).findByRole('img', {
        name: 'Hit rate by model at 1 h / 4 h / 24 h: qwen2.5:7b 54% / 57% / 61%; claude-sonnet-4-5 54% / 57% / 64%',
      }),
    ).toBeTruthy()
    expect(within(panel).getByRole('table', { name: 'Model comparison' })).toBeTruthy()
  })

  it('says no vote was judged yet beside votes without hit rates', async () => {
    const api = new InMemoryEngineApi().handle('models:comparison', () => [
      aModelStats({ hitRate1h: null, hitRate4h: null, hitRate24h: null }),
    ])
    renderWithStores(<ModelsView />, { api })
    await screen.findByRole('table', { name: 'Model comparison' })
    expect(screen.getByText(/^No hit rates yet/)).toBeTruthy()
    expect(screen.queryByRole('img', { name: /^Hit rate by model/ })).toBeNull()
  })

  it('explains an empty comparison', async () => {
    const api = new InMemoryEngineApi().handle('models:comparison', () => [])
    renderWithStores(<ModelsView />, { api })
    expect(await screen.findByText(/No votes recorded yet/)).toBeTruthy()
  })
})
