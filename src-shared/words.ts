/**
 * An identifier from the engine (`position_size_multiplier`, `tasksRun`, `technical_analysis`,
 * the order type `stop-loss`) as the lower-case words a trader reads.
 */
export function asWords(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
}
