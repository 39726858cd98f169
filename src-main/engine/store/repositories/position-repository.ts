import Decimal from 'decimal.js'
import { and, desc, eq } from 'drizzle-orm'
import type {
  LedgerEntry,
  Position,
  PositionSide,
  PositionStatus,
  TrailingStopState,
} from '../../execution/position'
import type { Database } from '../database'
import { orders, positions } from '../schema'
import { WriteBehind, type AppendOptions } from '../write-behind'

/** A position is saved over and over: the last save of a batch wins. */
const SAVE: AppendOptions = { upsertOn: positions.id, references: [orders] }

/** Reads and writes positions; decimals inside JSON columns are kept as strings. */
export class PositionRepository {
  constructor(
    private readonly db: Database,
    private readonly writes: WriteBehind = WriteBehind.immediate(db),
  ) {}

  /** Inserts the position, or overwrites the stored one with the same id (or queues it, see {@link WriteBehind}). */
  save(position: Position): Promise<void> {
    return this.writes.append(positions, toRow(position), SAVE)
  }

  async findById(id: string): Promise<Position | null> {
    await this.writes.flush(positions)
    const [row] = await this.db.select().from(positions).where(eq(positions.id, id))
    return row ? toPosition(row) : null
  }

  /** Returns the open positions, oldest first; of one symbol when given. */
  async findOpen(symbol?: string): Promise<Position[]> {
    const condition = symbol
      ? and(eq(positions.status, 'open'), eq(positions.symbol, symbol))
      : eq(positions.status, 'open')
    await this.writes.flush(positions)
    const rows = await this.db.select().from(positions).where(condition).orderBy(positions.openedAt)
    return rows.map(toPosition)
  }

  /** Returns the most recently closed positions, newest first; of one symbol when given. */
  async findClosed(limit: number, symbol?: string): Promise<Position[]> {
    const condition = symbol
      ? and(eq(positions.status, 'closed'), eq(positions.symbol, symbol))
      : eq(positions.status, 'closed')
    await this.writes.flush(positions)
    const rows = await this.db
      .select()
      .from(positions)
      .where(condition)
      .orderBy(desc(positions.closedAt))
      .limit(limit)
    return rows.map(toPosition)
  }
}

interface StoredTrailingStop {
  isEnabled: boolean
  activationPct: string
  distancePct: string
  isActive: boolean
  extremePrice: string | null
}

type StoredLedger = Record<
  string,
  { kind: 'entry' | 'exit'; filledSize: string; notional: string; fee: string }
>

function toRow(position: Position): typeof positions.$inferInsert & { id: string } {
  const trailing: StoredTrailingStop = {
    isEnabled: position.trailingStop.isEnabled,
    activationPct: position.trailingStop.activationPct.toString(),
    distancePct: position.trailingStop.distancePct.toString(),
    isActive: position.trailingStop.isActive,
    extremePrice: position.trailingStop.extremePrice?.toString() ?? null,
  }
  const ledger: StoredLedger = {}
  for (const [orderId, entry] of Object.entries(position.fillLedger)) {
    ledger[orderId] = {
      kind: entry.kind,
      filledSize: entry.filledSize.toString(),
      notional: entry.notional.toString(),
      fee: entry.fee.toString(),
    }
  }
  return {
    id: position.id,
    symbol: position.symbol,
    side: position.side,
    size: position.size,
    entryPrice: position.entryPrice,
    leverage: position.leverage,
    stopLoss: position.stopLoss,
    takeProfit: position.takeProfit,
    stopLossOrderId: position.stopLossOrderId,
    takeProfitOrderId: position.takeProfitOrderId,
    trailingStop: trailing,
    status: position.status,
    fees: position.fees,
    openFees: position.openFees,
    fillLedger: ledger,
    exitPrice: position.exitPrice,
    realizedPnl: position.realizedPnl,
    closeReason: position.closeReason,
    correlationId: position.correlationId,
    openedAt: new Date(position.openedAtMs),
    closedAt: position.closedAtMs === null ? null : new Date(position.closedAtMs),
    updatedAt: new Date(position.updatedAtMs),
  }
}

function toPosition(row: typeof positions.$inferSelect): Position {
  const trailing = row.trailingStop as StoredTrailingStop
  const ledger = row.fillLedger as StoredLedger
  const fillLedger: Record<string, LedgerEntry> = {}
  for (const [orderId, entry] of Object.entries(ledger)) {
    fillLedger[orderId] = {
      kind: entry.kind,
      filledSize: new Decimal(entry.filledSize),
      notional: new Decimal(entry.notional),
      fee: new Decimal(entry.fee),
    }
  }
  const trailingStop: TrailingStopState = {
    isEnabled: trailing.isEnabled,
    activationPct: new Decimal(trailing.activationPct),
    distancePct: new Decimal(trailing.distancePct),
    isActive: trailing.isActive,
    extremePrice: trailing.extremePrice === null ? null : new Decimal(trailing.extremePrice),
  }
  return {
    id: row.id,
    symbol: row.symbol,
    side: row.side as PositionSide,
    size: row.size,
    entryPrice: row.entryPrice,
    leverage: row.leverage,
    stopLoss: row.stopLoss,
    takeProfit: row.takeProfit,
    stopLossOrderId: row.stopLossOrderId,
    takeProfitOrderId: row.takeProfitOrderId,
    trailingStop,
    status: row.status as PositionStatus,
    fees: row.fees,
    openFees: row.openFees,
    exitPrice: row.exitPrice,
    realizedPnl: row.realizedPnl ?? new Decimal(0),
    closeReason: row.closeReason,
    correlationId: row.correlationId ?? '',
    fillLedger,
    openedAtMs: row.openedAt.getTime(),
    closedAtMs: row.closedAt ? row.closedAt.getTime() : null,
    updatedAtMs: row.updatedAt.getTime(),
  }
}
