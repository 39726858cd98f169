const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Returns whether `id` is a UUID. The engine's ids (orders, positions, rebalances, batches)
 * are; anything else cannot exist, and must not reach SQL as a uuid (it would fail there
 * instead of being not found).
 */
export function isUuid(id: string): boolean {
  return UUID.test(id)
}
