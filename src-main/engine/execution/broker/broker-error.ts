/**
 * Broker failures grouped by what to do about them (after freqtrade's exception tree):
 * - `temporary`: the exchange or network hiccupped — retry with backoff;
 * - `rate-limited`: we were told to slow down — retry with backoff;
 * - `invalid-order`: the exchange rejected the order — reject, do not retry;
 * - `insufficient-funds`: reject and alert;
 * - `not-found`: the exchange does not know the order — reconcile;
 * - `authentication`: keys or permissions are wrong — halt trading;
 * - `operational`: anything else a human must look at — stop.
 */
export type BrokerErrorKind =
  | 'temporary'
  | 'rate-limited'
  | 'invalid-order'
  | 'insufficient-funds'
  | 'not-found'
  | 'authentication'
  | 'operational'

/** The action each kind calls for. */
export type BrokerErrorAction =
  'retry' | 'reject' | 'reject-and-alert' | 'reconcile' | 'halt' | 'stop'

const ACTIONS: Readonly<Record<BrokerErrorKind, BrokerErrorAction>> = {
  temporary: 'retry',
  'rate-limited': 'retry',
  'invalid-order': 'reject',
  'insufficient-funds': 'reject-and-alert',
  'not-found': 'reconcile',
  authentication: 'halt',
  operational: 'stop',
}

/** Returns what the engine does about an error of this kind. */
export function actionFor(kind: BrokerErrorKind): BrokerErrorAction {
  return ACTIONS[kind]
}

/** A broker failure, mapped once in the adapter, with its context and the original `cause`. */
export class BrokerError extends Error {
  constructor(
    readonly kind: BrokerErrorKind,
    message: string,
    options: {
      /** True when the request may have reached the exchange (timeout, lost response, 5xx). */
      isAmbiguous?: boolean
      context?: Readonly<Record<string, string | number | undefined>>
      cause?: unknown
    } = {},
  ) {
    const context = formatContext(options.context ?? {})
    super(context ? `${message}: ${context}` : message, { cause: options.cause })
    this.name = 'BrokerError'
    this.isAmbiguous = options.isAmbiguous ?? false
    this.context = options.context ?? {}
  }

  readonly isAmbiguous: boolean
  readonly context: Readonly<Record<string, string | number | undefined>>

  /** Whether the retry helper may try the call again. */
  get isRetryable(): boolean {
    return actionFor(this.kind) === 'retry'
  }
}

/** Returns the error as a BrokerError; anything unexpected becomes `operational`. */
export function asBrokerError(error: unknown): BrokerError {
  if (error instanceof BrokerError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new BrokerError('operational', `UNEXPECTED_BROKER_FAILURE: ${message}`, { cause: error })
}

function formatContext(context: Readonly<Record<string, string | number | undefined>>): string {
  return Object.entries(context)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ')
}
