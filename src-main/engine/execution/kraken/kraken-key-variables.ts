/**
 * The environment variables Kraken's key pair is read from: config/execution.yaml fills
 * `kraken.api_key` and `kraken.api_secret` from them, and the broker needs both.
 */
export const KRAKEN_KEY_VARIABLES = ['KRAKEN_API_KEY', 'KRAKEN_API_SECRET'] as const

/** Names the variables for a message: "KRAKEN_API_KEY and KRAKEN_API_SECRET". */
export const KRAKEN_KEY_VARIABLE_NAMES = KRAKEN_KEY_VARIABLES.join(' and ')
