import { KRAKEN_KEY_VARIABLE_NAMES } from './execution/kraken/kraken-key-variables'

export type EngineMode = 'paper' | 'live' | 'replay'

export interface ModeRequest {
  /** From execution.yaml (`TRIPLEGAIN_MODE`) or a command-line flag; the flag wins. */
  configured: EngineMode
  flag?: EngineMode | null
  /** Live trading needs this explicit confirmation (`--confirm-live` / TRIPLEGAIN_CONFIRM_LIVE=yes). */
  isLiveConfirmed: boolean
  hasExchangeKeys: boolean
}

/**
 * Decides the engine's mode. Paper is the default; live is an explicit opt-in that refuses to
 * start without exchange keys and the confirmation flag, so nobody trades real money by accident.
 */
export function resolveMode(request: ModeRequest): { mode: EngineMode } | { error: string } {
  const mode = request.flag ?? request.configured
  if (mode !== 'live') return { mode }
  if (!request.hasExchangeKeys) {
    return {
      error: `live mode needs ${KRAKEN_KEY_VARIABLE_NAMES} (or keys stored in the app); refusing to start`,
    }
  }
  if (!request.isLiveConfirmed) {
    return {
      error:
        'live mode trades real money: start again with --confirm-live (or TRIPLEGAIN_CONFIRM_LIVE=yes) to confirm',
    }
  }
  return { mode }
}
