import type { AppConfig } from './config-files'

/**
 * Returns problems that span risk.yaml and market.yaml: the volatility breaker reads the ATR
 * of `atr_timeframe`, which only exists when the market keeps that timeframe (1m always is);
 * otherwise the breaker would silently never see an ATR.
 */
export function riskTimeframeProblems(config: AppConfig): { path: string; message: string }[] {
  const timeframe = config.risk.risk.circuit_breakers.volatility.atr_timeframe
  const kept = new Set(['1m', ...config.market.market.timeframes])
  if (kept.has(timeframe)) return []
  const expected = `one of the timeframes in config/market.yaml (${[...kept].join(', ')})`
  return [
    {
      path: 'risk.circuit_breakers.volatility.atr_timeframe',
      message: `expected ${expected}, got "${timeframe}"`,
    },
  ]
}
