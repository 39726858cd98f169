import type { CoordinatorStatus, Position } from '../../src-shared/contract'

/** A coordinator status as the contract describes it. */
export function aCoordinatorStatus(overrides: Partial<CoordinatorStatus> = {}): CoordinatorStatus {
  return {
    now: Date.UTC(2021, 4, 10, 12),
    state: 'RUNNING',
    degradationLevel: 'NORMAL',
    symbols: ['BTC/USDT', 'XRP/USDT'],
    pausedSymbols: [],
    tasks: [],
    statistics: {},
    degradationHistory: [],
    ...overrides,
  }
}

/** An open long BTC position as the contract describes it. */
export function aPosition(overrides: Partial<Position> = {}): Position {
  return {
    id: 'pos-1',
    symbol: 'BTC/USDT',
    side: 'long',
    size: '0.05',
    entryPrice: '45000',
    currentPrice: '45500',
    leverage: 1,
    stopLoss: '44000',
    takeProfit: '47000',
    trailingStop: null,
    unrealizedPnl: '25',
    unrealizedPnlPct: '1.11',
    realizedPnl: null,
    fees: '5.85',
    status: 'open',
    openedAt: 1_620_000_000_000,
    closedAt: null,
    exitPrice: null,
    closeReason: null,
    correlationId: 'corr-1',
    ...overrides,
  }
}
