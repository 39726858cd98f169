import type { AppConfig } from './config-files'

/**
 * Returns problems that span market.yaml and portfolio.yaml: every traded market must be
 * quoted in the portfolio's quote asset. Equity, the risk budget, exposure limits, the loss
 * breakers and P&L are all counted in that asset, so an XRP/BTC trade's stop distance and P&L
 * (in BTC) would be taken as dollars: its size would come out thousands of times too large.
 * Other markets can still be followed, under `correlation_symbols`.
 */
export function tradingQuoteProblems(config: AppConfig): { path: string; message: string }[] {
  const quoteAsset = config.portfolio.portfolio.quote_asset
  return config.market.market.symbols.flatMap((symbol, index) =>
    symbol.split('/')[1] === quoteAsset
      ? []
      : [
          {
            path: `market.symbols.${index}`,
            message: `expected a market quoted in ${quoteAsset} (config/portfolio.yaml's quote_asset, which risk and P&L are counted in), got "${symbol}"; follow it under correlation_symbols instead`,
          },
        ],
  )
}
