/**
 * Thrown by `MessageBus.publish` when a message is refused (unknown topic, bad envelope,
 * invalid payload). Publishing a bad message is the caller's bug (seed 004 error matrix:
 * "log, raise, caller handles"), so this one is an exception, not a result.
 */
export class BusPublishError extends Error {
  override readonly name = 'BusPublishError'

  constructor(
    message: string,
    /** The topic as given by the caller. */
    readonly topic: string,
    /** Each problem as `{field, problem}`; `field` is a dotted path, `payload.x` for payload fields. */
    readonly problems: readonly { field: string; problem: string }[],
  ) {
    super(message)
  }
}
