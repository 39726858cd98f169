let uuidSeries = 0

/**
 * Returns an id source of numbered UUIDs (the engine stores ids in uuid columns), unique
 * across the sources of one test file and readable in failures: the n-th id of the k-th
 * source is `00000000-0000-4000-8kkk-nnnnnnnnnnnn`.
 */
export function numberedUuids(): () => string {
  const series = ++uuidSeries
  let next = 0
  return () =>
    `00000000-0000-4000-8${String(series).padStart(3, '0')}-${String(++next).padStart(12, '0')}`
}
