// @vitest-environment jsdom
import { cleanup, fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { DecisionsView } from '../../../../src-renderer/src/views/decisions-view'
import { aTradingDecision, events } from '../../../helpers/renderer/builders'
import { InMemoryEngineApi } from '../../../helpers/renderer/in-memory-engine-api'
import { renderWithStores } from '../../../helpers/renderer/render-with-stores'

afterEach(cleanup)

describe('DecisionsView', () => {
  it('opens the decision trace of a trade: signals, votes, conflict, resolution, risk checks, order, fill', async () => {
    const { api } = renderWithStores(<DecisionsView />)
    const decisions = await screen.findByRole('table', { name: 'Trading decisions' })
    fireEvent.click(within(decisions).getByRole('button', { name: 'Open trace corr-1' }))
    const steps = await screen.findByRole('list', { name: 'Decision trace steps' })
    expect(api.callsOf('decisions:trace')).toEqual([{ correlationId: 'corr-1' }])
    const kinds = [...steps.children].map((item) => item.querySelector('.kind-badge')?.textContent)
    expect(kinds).toEqual([
      'signal',
      'signal',
      'vote',
      'vote',
      'vote',
      'conflict',
      'resolution',
      'risk',
      'risk',
      'order',
      'fill',
      'position',
    ])
    // A risk step lists its rule checks one per line, the rule that changed the trade marked.
    const checks = within(steps).getByRole('list', { name: 'Risk checks' })
    expect(
      within(checks)
        .getAllByRole('listitem')
        .map((item) => [item.getAttribute('data-outcome'), item.textContent]),
    ).toEqual([
      ['passed', 'passedCIRCUIT_BREAKER: no breaker tripped'],
      ['passed', 'passedMIN_CONFIDENCE: action=BUY confidence=0.68 minimum=0.6'],
      ['modified', 'modifiedPOSITION_SIZE: sized=0.05 risk_size=0.08 cap_size=0.05 multiplier=1'],
    ])
    // Other details read a line per field, as an order's timeline does.
    const detailLines = (item: Element) =>
      [...item.querySelectorAll('.detail > span')].map((line) => line.textContent)
    const items = [...steps.children]
    expect(detailLines(items[0]!)).toEqual([
      'output action: BUY',
      'output confidence: 68%',
      'output trend direction: bullish',
      'latency ms: 1,400',
    ])
    // A risk record without checks is shown as it was recorded.
    expect(detailLines(items[7]!)).toEqual(['open: 0', 'limit: 2'])
    // A fill's price as a price, its fee in the places of the trace's market's quote asset, as
    // the tables show them.
    expect(detailLines(items[10]!)).toEqual([
      'price: 65,000.00',
      'order id: ord-0',
      'fee: 1.30',
      'fee asset: USDT',
    ])
    const votes = screen.getByRole('table', { name: 'Model votes' })
    expect(within(votes).getAllByRole('row')).toHaveLength(4)
    expect(within(votes).getByText('HOLD')).toBeTruthy()
  })

  it('leaves models that were never asked out of the votes and says why they did not vote', async () => {
    const [asked] = aTradingDecision().votes
    const noVote = { action: null, confidence: null, isValid: false, agreedWithConsensus: null }
    const api = new InMemoryEngineApi().handle('decisions:recent', () => [
      aTradingDecision({
        votes: [
          asked!,
          { ...asked!, ...noVote, model: 'gpt-4o', latencyMs: 30_000, error: 'timeout' },
          {
            ...asked!,
            ...noVote,
            model: 'grok-4',
            latencyMs: 0,
            wasAsked: false,
            error: 'unavailable: provider=xai has no API key',
          },
        ],
      }),
    ])
    renderWithStores(<DecisionsView />, { api })
    const decisions = await screen.findByRole('table', { name: 'Trading decisions' })
    const votesCell = within(decisions).getByText('B ×')
    expect(votesCell.getAttribute('title')).toBe(
      'qwen2.5:7b: BUY\ngpt-4o: invalid\ngrok-4: not asked',
    )
    fireEvent.click(within(decisions).getByRole('button', { name: 'Open trace corr-1' }))
    const votes = await screen.findByRole('table', { name: 'Model votes' })
    const cells = (model: string) =>
      within(within(votes).getByRole('row', { name: new RegExp(model) }))
        .getAllByRole('cell')
        .map((cell) => cell.textContent)
    expect(cells('gpt-4o').slice(1, 4)).toEqual(['no vote: timeout', '—', '30000 ms'])
    expect(cells('grok-4').slice(1, 4)).toEqual([
      'not asked: unavailable: provider=xai has no API key',
      '—',
      '—',
    ])
  })

  it('opens a trace by typing a correlation id', async () => {
    const { api } = renderWithStores(<DecisionsView />)
    const search = screen.getByRole('search', { name: 'Find a decision trace' })
    fireEvent.change(within(search).getByLabelText('Correlation id'), {
      target: { value: ' corr-42 ' },
    })
    fireEvent.click(within(search).getByRole('button', { name: 'Open trace' }))
    await screen.findByRole('list', { name: 'Decision trace steps' })
    expect(api.callsOf('decisions:trace')).toEqual([{ correlationId: 'corr-42' }])
  })

  it('says clearly when there is no trace for an id', async () => {
    const api = new InMemoryEngineApi().reject(
      'decisions:trace',
      'NOT_FOUND',
      'no records for correlationId=zzz',
    )
    renderWithStores(<DecisionsView />, { api })
    fireEvent.change(screen.getByLabelText('Correlation id'), { target: { value: 'zzz' } })
    fireEvent.click(screen.getByRole('button', { name: 'Open trace' }))
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('NOT_FOUND')
    expect(alert.textContent).toContain(
      'Could not load trace zzz: no records for correlationId=zzz',
    )
  })

  it('feeds agent outputs live and opens their traces', async () => {
    const { api, frame } = renderWithStores(<DecisionsView />)
    const feed = await screen.findByRole('list', { name: 'Agent outputs' })
    api.emit(
      events.agentOutput({
        symbol: 'XRP/USDT',
        summary: 'SELL · conf 58%',
        correlationId: 'corr-77',
      }),
    )
    frame()
    expect(within(feed).getAllByRole('listitem')[0]?.textContent).toContain(
      'XRP/USDT SELL · conf 58%',
    )
    fireEvent.click(within(feed).getByRole('button', { name: 'Open trace corr-77' }))
    await screen.findByRole('list', { name: 'Decision trace steps' })
    expect(api.callsOf('decisions:trace')).toEqual([{ correlationId: 'corr-77' }])
  })

  it('explains where the trace comes from before one is picked', () => {
    renderWithStores(<DecisionsView />)
    expect(screen.getByText(/Pick a decision, an agent output or a closed position/)).toBeTruthy()
  })
})
