/** Characters per token for English and JSON text under BPE tokenizers, roughly. */
export const CHARS_PER_TOKEN = 4

/**
 * Estimates the tokens of `text` as characters / 4, plus a safety margin (seed 001 v1.4:
 * 10 %) because BPE encodings vary between models; rounds up.
 */
export function estimateTokens(text: string, safetyMargin: number): number {
  // The epsilon keeps float noise (100 × 1.1 = 110.00000000000001) from adding a token.
  return Math.max(0, Math.ceil((text.length / CHARS_PER_TOKEN) * (1 + safetyMargin) - 1e-9))
}

/** Returns how many characters fit in `tokens` once the safety margin is taken off. */
export function charsForTokens(tokens: number, safetyMargin: number): number {
  return Math.max(0, Math.floor((tokens * CHARS_PER_TOKEN) / (1 + safetyMargin)))
}
