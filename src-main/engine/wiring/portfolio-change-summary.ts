import Decimal from 'decimal.js'
import type { PortfolioChange } from '../../../src-shared/contract'
import { counted } from '../../../src-shared/counted'

/**
 * One line for the UI's feed from a `portfolio_updates` payload: its type and its free-form
 * data, read field by field (a missing or odd field reads as `?` rather than failing).
 */
export function summarizePortfolioChange(
  change: PortfolioChange,
  data: Readonly<Record<string, unknown>>,
): string {
  const field = (key: string): string => {
    const value = data[key]
    return typeof value === 'string' || typeof value === 'number' ? String(value) : '?'
  }
  const batch = () =>
    `${field('side')} ${field('symbol')} ${usd(data['amount_usd'])} ` +
    `(batch ${batchNumber(data['batch_index'])}/${field('batch_count')})`
  switch (change) {
    case 'rebalance_checked':
      return `Rebalance planned: ${countedField(data['trades'], 'trade', 'trades')}, largest deviation ${field('max_deviation_pct')} %`
    case 'rebalance_trade_executed':
      return `Rebalance ${batch()} sent`
    case 'rebalance_trade_failed':
      // Pending: refused for now by the risk engine's entry gates (see DcaScheduler).
      return data['status'] === 'pending'
        ? `Rebalance ${batch()} held back, tried again later: ${field('error')}`
        : `Rebalance ${batch()} ${field('status')}: ${field('error')}`
    case 'rebalance_batches_cancelled':
      return `${countedField(data['count'], 'scheduled rebalance batch', 'scheduled rebalance batches')} cancelled`
    case 'hodl_bag_changed':
      return `Hodl bag ${field('asset')} ${signed(data['change'])}, now ${amount(data['balance_after'])} (${field('reason')})`
  }
}

function countedField(count: unknown, one: string, many: string): string {
  return typeof count === 'number' ? counted(count, one, many) : `? ${many}`
}

function usd(value: unknown): string {
  return isDecimalText(value) ? `$${new Decimal(value).toFixed(2)}` : '$?'
}

/** An asset amount as a trader reads it: at most 8 decimals (a profit share has 13). */
function amount(value: unknown): string {
  return isDecimalText(value) ? new Decimal(value).toDecimalPlaces(8).toFixed() : '?'
}

function signed(value: unknown): string {
  const text = amount(value)
  return text === '?' || text.startsWith('-') ? text : `+${text}`
}

function batchNumber(index: unknown): string {
  return typeof index === 'number' && Number.isInteger(index) ? String(index + 1) : '?'
}

function isDecimalText(value: unknown): value is string {
  if (typeof value !== 'string') return false
  try {
    return new Decimal(value).isFinite()
  } catch {
    return false
  }
}
