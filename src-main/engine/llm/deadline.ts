import type { Clock } from '../clock'

/** How a call under a deadline ended. */
export type DeadlineOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'error'; readonly error: unknown }

/**
 * Runs `work` with a signal that aborts after `timeoutMs` of the clock's time or when
 * `outer` aborts, whichever comes first. Resolves as soon as either happens, even when
 * `work` ignores its signal, so a hung connection never holds a caller.
 */
export async function callWithDeadline<T>(
  clock: Clock,
  timeoutMs: number,
  outer: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<DeadlineOutcome<T>> {
  if (outer?.aborted) return { kind: 'aborted' }
  const controller = new AbortController()
  let settle: (outcome: DeadlineOutcome<T>) => void = () => {}
  const stopped = new Promise<DeadlineOutcome<T>>((resolve) => {
    settle = resolve
  })
  const timer = clock.setTimeout(
    () => {
      settle({ kind: 'timeout' })
      controller.abort()
    },
    Math.max(0, timeoutMs),
  )
  const onAbort = () => {
    settle({ kind: 'aborted' })
    controller.abort()
  }
  outer?.addEventListener('abort', onAbort, { once: true })
  // A synchronous throw (a client built from a malformed URL) is an `error` outcome like any
  // other, not an exception that skips the clean-up below and escapes the never-throwing router.
  let started: Promise<T>
  try {
    started = work(controller.signal)
  } catch (error) {
    started = Promise.reject(error)
  }
  const finished = started.then(
    (value): DeadlineOutcome<T> => ({ kind: 'value', value }),
    (error: unknown): DeadlineOutcome<T> => ({ kind: 'error', error }),
  )
  try {
    return await Promise.race([finished, stopped])
  } finally {
    clock.clearTimer(timer)
    outer?.removeEventListener('abort', onAbort)
  }
}
