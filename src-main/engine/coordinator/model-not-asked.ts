/**
 * What a conflict model throws when no request was sent at all: no API key for its provider,
 * skipped as unhealthy, no time left before the call. The resolver then moves on quietly; a
 * model that was asked and failed is worth a warning, one that cannot be asked is not news
 * on every conflict (the Models view says why).
 */
export class ModelNotAskedError extends Error {
  override readonly name = 'ModelNotAskedError'
}
