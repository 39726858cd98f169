import { asWords } from '../../../src-shared/words'

/**
 * Returns an order's type or role (`stop-loss`, `take-profit`, `entry`, `limit`) as the
 * words a trader reads ("stop loss", "take profit"), the way a closed position's reason reads.
 */
export function formatOrderKind(kind: string): string {
  // The engine spells order types and roles in kebab-case; asWords splits snake and camel case.
  return asWords(kind.replaceAll('-', '_'))
}
