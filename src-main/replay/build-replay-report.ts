import Decimal from 'decimal.js'
import { asc, count, ne, sum } from 'drizzle-orm'
import type { Engine } from '../engine/engine'
import { enteredSize } from '../engine/services/dto-mappers'
import { schema } from '../engine/store'
import { maxDrawdownPct, type ReplayReport, type ReplayRiskEvent } from './replay-report'

const ZERO = new Decimal(0)

/** Collects a finished replay's trades, P&L, fees, drawdown and agent/model statistics. */
export async function buildReplayReport(
  engine: Engine,
  run: {
    fromMs: number
    toMs: number
    candles: number
    warmupCandles: number
    wallClockMs: number
    startupMs: number
    startingEquity: Decimal
  },
): Promise<ReplayReport> {
  const { parts } = engine
  const db = parts.store.db
  await parts.writes.flush()
  const ending = (await parts.account.portfolioContext()).equity
  const closed = await parts.positions.closedPositions(100_000)
  const [fees] = await db.select({ total: sum(schema.orders.fee) }).from(schema.orders)
  const agentRows = await db
    .select({
      agent: schema.agentOutputs.agent,
      isValid: schema.agentOutputs.isValid,
      runs: count(),
    })
    .from(schema.agentOutputs)
    .groupBy(schema.agentOutputs.agent, schema.agentOutputs.isValid)
  const agents = new Map<string, { runs: number; valid: number; invalid: number }>()
  for (const row of agentRows) {
    const entry = agents.get(row.agent) ?? { runs: 0, valid: 0, invalid: 0 }
    entry.runs += Number(row.runs)
    if (row.isValid) entry.valid += Number(row.runs)
    else entry.invalid += Number(row.runs)
    agents.set(row.agent, entry)
  }
  const models = await parts.repositories.comparisons.modelStats(0)
  const riskRows = await db
    .select({
      at: schema.riskEvents.createdAt,
      event: schema.riskEvents.eventType,
      result: schema.riskEvents.result,
      reasons: schema.riskEvents.reasons,
    })
    .from(schema.riskEvents)
    .where(ne(schema.riskEvents.eventType, 'validation'))
    .orderBy(asc(schema.riskEvents.createdAt))
  const curve = await parts.portfolio.service.equityCurve({ maxPoints: 5000 })
  const equityCurve = curve.map((point) => ({
    timestamp: point.timestamp,
    equity: Number(point.equity),
  }))
  const pnl = ending.minus(run.startingEquity)
  const closedTradesPnl = closed.reduce((total, position) => total.plus(position.realizedPnl), ZERO)
  const openPositionsPnl = parts.positions
    .openPositions()
    .reduce(
      (total, position) =>
        total.plus(position.realizedPnl).plus(parts.positions.unrealized(position).pnl),
      ZERO,
    )
  return {
    fromMs: run.fromMs,
    toMs: run.toMs,
    symbols: parts.config.market.market.symbols,
    candles: run.candles,
    warmupCandles: run.warmupCandles,
    wallClockMs: run.wallClockMs,
    startupMs: run.startupMs,
    startingEquity: run.startingEquity.toFixed(2),
    endingEquity: ending.toFixed(2),
    pnl: pnl.toFixed(2),
    pnlPct: run.startingEquity.isZero() ? '0' : pnl.div(run.startingEquity).times(100).toFixed(2),
    pnlFrom: {
      closedTrades: closedTradesPnl.toFixed(2),
      openPositions: openPositionsPnl.toFixed(2),
      heldAssets: pnl.minus(closedTradesPnl).minus(openPositionsPnl).toFixed(2),
    },
    fees: new Decimal(fees?.total ?? 0).toFixed(2),
    maxDrawdownPct: maxDrawdownPct(equityCurve),
    trades: closed
      .sort((a, b) => (a.closedAtMs ?? 0) - (b.closedAtMs ?? 0))
      .map((position) => ({
        symbol: position.symbol,
        side: position.side,
        openedAt: position.openedAtMs,
        closedAt: position.closedAtMs ?? position.updatedAtMs,
        size: enteredSize(position).toFixed(),
        entryPrice: position.entryPrice.toFixed(),
        exitPrice: position.exitPrice?.toFixed() ?? '',
        pnl: position.realizedPnl.toFixed(2),
        fees: position.fees.toFixed(2),
        reason: position.closeReason ?? '',
      })),
    riskEvents: riskRows.map((row) => toReplayRiskEvent(row)),
    agents: [...agents.entries()].map(([name, stats]) => ({ name, ...stats })),
    models: models.map((row) => ({
      name: row.model,
      runs: row.askedAnswers,
      valid: row.validAnswers,
      invalid: row.askedAnswers - row.validAnswers,
      agreementPct: row.agreementRate === null ? null : row.agreementRate * 100,
    })),
    equityCurve,
  }
}

/** A stored breaker or cooldown event (see DatabaseRiskEventRecorder) as the report lists it. */
function toReplayRiskEvent(row: {
  at: Date
  event: string
  result: unknown
  reasons: unknown
}): ReplayRiskEvent {
  const data = (row.result ?? {}) as { breaker?: unknown; until?: unknown }
  const reasons = Array.isArray(row.reasons) ? row.reasons.map(String) : []
  const until = typeof data.until === 'number' ? new Date(data.until).toISOString() : null
  return {
    at: row.at.getTime(),
    event: row.event,
    breaker: typeof data.breaker === 'string' ? data.breaker : '',
    detail: reasons.join('; ') || (until === null ? '' : `until ${until}`),
  }
}
