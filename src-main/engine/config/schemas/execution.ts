import { z } from 'zod'
import {
  decimalString,
  flag,
  nonNegativeDecimalString,
  nonNegativeNumber,
  optionalSecret,
  percentage,
  positiveDecimalString,
  positiveInteger,
  positiveNumber,
  text,
  tradingPair,
} from '../schema-helpers'

/** config/execution.yaml: brokers, orders, positions, trailing stops (seed 001 §4–5). */
export const executionFileSchema = z.strictObject({
  execution: z.strictObject({
    mode: z.enum(['paper', 'live', 'replay'], { error: 'expected paper, live or replay' }),
    kraken: z.strictObject({
      api_key: optionalSecret(),
      api_secret: optionalSecret(),
      /** Base URL override for tests (the Kraken simulator); empty means Kraken itself. */
      base_url: optionalSecret(),
      /**
       * ccxt's own leaky-bucket limiter: `calls_per_minute` budgets ccxt's cost units (Kraken
       * weighs private queries 3 and history 6, public calls 1); `order_calls_per_minute`
       * budgets AddOrder/CancelOrder, which ccxt weighs 0, through a second ccxt Throttler.
       */
      rate_limit: z.strictObject({
        calls_per_minute: positiveInteger(),
        order_calls_per_minute: positiveInteger(),
        burst: positiveInteger(),
        order_burst: positiveInteger(),
      }),
      timeout_ms: positiveInteger(),
    }),
    paper: z.strictObject({
      starting_balances: z.record(z.string(), decimalString()),
      taker_fee_pct: percentage(),
      maker_fee_pct: percentage(),
      slippage_pct: percentage(),
      /** Orders above this notional (quote currency) fill in parts. */
      partial_fill_above_quote: nonNegativeNumber(),
      /**
       * The exchange's trading rules per market, so paper orders meet what live ones would:
       * sizes in whole amount steps of at least min_size and min_cost, fill prices on the
       * tick (price_step). A market left out trades in steps of 1e-8 without minimums.
       */
      markets: z
        .record(
          tradingPair(),
          z.strictObject({
            price_step: positiveDecimalString(),
            amount_step: positiveDecimalString(),
            min_size: nonNegativeDecimalString(),
            min_cost: nonNegativeDecimalString(),
          }),
        )
        .optional(),
    }),
    orders: z.strictObject({
      default_type: z.enum(['market', 'limit'], { error: 'expected market or limit' }),
      /**
       * Limit entries expire on the exchange this long after they are sent (Kraken GTD): one
       * filling while the app is down gets its stop-loss only when the app sees the fill, so no
       * entry may rest longer than the app can be trusted to come back (a decision interval).
       */
      entry_expiry_seconds: positiveInteger(),
      max_retry_count: positiveInteger(),
      retry_delay_seconds: positiveNumber(),
      max_history_size: positiveInteger(),
      monitor_interval_seconds: positiveNumber(),
      max_price_deviation_pct: percentage(),
      /**
       * After a restart, an order stored but never sent is sent if it is younger than this;
       * older entry and rebalance intents are cancelled (protective and closing orders are
       * always sent).
       */
      resume_unsent_within_seconds: nonNegativeNumber(),
      /**
       * Orders carry a deadline this far ahead (Kraken `deadline`, 2–60 s): after an ambiguous
       * failure the order manager waits for it before trusting a "not found" lookup.
       */
      placement_deadline_seconds: positiveNumber(),
    }),
    positions: z.strictObject({
      sync_interval_seconds: positiveInteger(),
      snapshot_interval_seconds: positiveInteger(),
      max_per_symbol: positiveInteger(),
      max_total: positiveInteger(),
    }),
    trailing_stop: z.strictObject({
      enabled: flag(),
      activation_pct: percentage(),
      trail_distance_pct: percentage(),
      update_interval_seconds: positiveInteger(),
    }),
    slippage: z.strictObject({
      max_slippage_pct: percentage(),
      use_limit_orders: flag(),
    }),
    fallback_prices: z.record(text(), decimalString()),
  }),
})

export type ExecutionConfig = z.infer<typeof executionFileSchema>
