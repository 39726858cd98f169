import { describe, expect, it } from 'vitest'
import { EngineEventHub } from '../../../src-main/engine/events/engine-event-hub'
import type { ExecutionEvent } from '../../../src-main/engine/execution'
import { silentLogger } from '../../../src-main/engine/logging/logger'
import {
  brokerAlertText,
  ExecutionUiEvents,
} from '../../../src-main/engine/wiring/execution-ui-events'

const alert = (payload: Record<string, unknown>, symbol: string | null = 'BTC/USDT') =>
  ({
    type: 'broker.alert',
    timestampMs: 1_000,
    orderId: 'order-1',
    positionId: 'position-1',
    symbol,
    correlationId: null,
    payload,
  }) satisfies ExecutionEvent

describe('ExecutionUiEvents', () => {
  it('shows a broker alert as an error notice, kept for the feed while no one listens', async () => {
    const hub = new EngineEventHub(silentLogger())
    await new ExecutionUiEvents(hub).publish(
      alert({ alert: 'PROTECTION_NOT_PLACED', message: 'INSUFFICIENT_FUNDS: asset=BTC' }),
    )
    expect(hub.recent.latest(10)).toEqual([
      {
        type: 'system.notice',
        at: 1_000,
        level: 'error',
        message: 'BTC/USDT: protection not placed — INSUFFICIENT_FUNDS: asset=BTC',
      },
    ])
  })
})

describe('brokerAlertText', () => {
  it('names an exchange error by its kind and what was done when no alert is named', () => {
    expect(
      brokerAlertText(
        alert({ kind: 'authentication', action: 'halt', message: 'EAPI:Invalid key' }, null),
      ),
    ).toBe('exchange error (authentication, halt) — EAPI:Invalid key')
  })
})
