import type { BrokerCapabilities } from '../broker/broker-capabilities'

/**
 * Kraken spot and margin through ccxt: open sell orders (trigger orders included) hold the
 * base they would sell, shorts need margin, orders are found again by `cl_ord_id`, and
 * closed orders stay queryable (ClosedOrders pages back through the account's history).
 */
export const KRAKEN_CAPABILITIES: BrokerCapabilities = {
  orderTypes: ['market', 'limit', 'stop-loss', 'take-profit'],
  maxLeverage: 5,
  triggerOrdersHoldFunds: true,
  canShortSpot: false,
  canFindByClientId: true,
  closedOrderRetentionDays: 3650,
}
