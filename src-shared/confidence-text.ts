/** What a missing confidence shows as (the UI's dash). */
const DASH = '—'

/**
 * Returns a confidence as a whole percentage, the one way every view shows it: 0.72 → "72%".
 * Agents answer 0–1; a value above 1 is taken as already in percent (a model that answers
 * 72), so it reads "72%" rather than "7200%". A dash when there is none.
 */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined || !Number.isFinite(confidence)) return DASH
  const percent = confidence <= 1 ? confidence * 100 : confidence
  return `${Math.round(percent)}%`
}
