/**
 * An identifier from the engine (`position_size_multiplier`, `tasksRun`, `technical_analysis`,
 * the order type `stop-loss`, the event `position.closed`) as the lower-case words a trader
 * reads.
 */
export function asWords(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase()
}

/**
 * An identifier in words with a capital first letter, for a title or the start of a
 * sentence: the alert type `circuit_breaker_reset` → "Circuit breaker reset".
 */
export function asCapitalisedWords(identifier: string): string {
  const words = asWords(identifier)
  return words.charAt(0).toUpperCase() + words.slice(1)
}
