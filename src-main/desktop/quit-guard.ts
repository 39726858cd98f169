import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron'
import type { Clock } from '../engine/clock'
import type { Logger } from '../engine/logging/logger'

/** The part of Electron's `app` the quit guard uses (a fake in tests). */
export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown
  quit(): void
}

/** The part of Electron's `dialog` that asks the user. */
export interface MessageBoxDialog {
  showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue>
}

/** Where quitting stands: asking about orders in flight, stopping the engine, done. */
export type QuitState = 'running' | 'confirming' | 'stopping' | 'stopped'

/**
 * What a quit request does in each state: `start` holds the quit and begins the shutdown,
 * `hold` keeps holding it (a dialog is open or the engine is still stopping), `allow` lets the
 * app exit (the engine has stopped).
 */
export const BEFORE_QUIT_ACTION: Readonly<Record<QuitState, 'start' | 'hold' | 'allow'>> = {
  running: 'start',
  confirming: 'hold',
  stopping: 'hold',
  stopped: 'allow',
}

/** How long a quit waits for the engine to stop before offering to quit without it. */
export const STOP_PATIENCE_MS = 20_000

export interface QuitGuardOptions {
  app: QuittingApp
  dialog: MessageBoxDialog
  /** Times the wait for the engine to stop. */
  clock: Pick<Clock, 'setTimeout' | 'clearTimer'>
  /** Default {@link STOP_PATIENCE_MS}. */
  stopPatienceMs?: number
  /** Entry orders still open on the exchange. */
  ordersInFlight(): number
  /** Stops the engine, persisting its state. */
  stopEngine(): Promise<void>
  /**
   * The user kept the app running: shows a window again (on Windows and Linux the last
   * window closed on the way to quitting, and an engine trading with no window is lost).
   */
  onQuitCancelled(): void
  logger: Logger
}

/**
 * Holds the app's quit until the engine has stopped and persisted its state. When orders are
 * in flight it first asks (quit anyway / cancel). The engine is stopped once, whatever the
 * number of quit requests. Returns the current state, for tests.
 */
export function installQuitGuard(options: QuitGuardOptions): () => QuitState {
  const { app, dialog, logger } = options
  let state: QuitState = 'running'

  const shutDown = async (): Promise<void> => {
    const inFlight = countInFlight(options)
    if (inFlight > 0) {
      state = 'confirming'
      const answer = await dialog.showMessageBox({
        type: 'warning',
        title: 'Orders in flight',
        message: `${inFlight} order${inFlight === 1 ? ' is' : 's are'} still open.`,
        detail:
          'Quitting stops the engine and saves its state. Open orders are not cancelled, but ' +
          'TripleGain will not follow them or record their fills until it starts again and ' +
          'reconciles with the exchange.',
        buttons: ['Cancel', 'Quit anyway'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      })
      if (answer.response !== 1) {
        state = 'running'
        options.onQuitCancelled()
        return
      }
    }
    state = 'stopping'
    const stopped = options.stopEngine().then(
      () => undefined,
      (error: unknown) => {
        logger.error(
          { reason: error instanceof Error ? error.message : String(error) },
          'engine did not stop cleanly',
        )
      },
    )
    // A stop that hangs (a store that will not close) must not keep the app from quitting:
    // after a while the user may quit without it.
    while (!(await settlesWithin(stopped, options.stopPatienceMs ?? STOP_PATIENCE_MS))) {
      const isQuittingNow = await askToQuitWithoutStopping(stopped).catch((error: unknown) => {
        logger.error({ reason: String(error) }, 'cannot ask whether to quit now; waiting on')
        return false
      })
      if (isQuittingNow) {
        logger.error('quitting before the engine stopped (the user chose not to wait)')
        break
      }
    }
    state = 'stopped'
    app.quit()
  }

  const settlesWithin = (work: Promise<void>, ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const timer = options.clock.setTimeout(() => resolve(false), ms)
      void work.then(() => {
        options.clock.clearTimer(timer)
        resolve(true)
      })
    })

  /** Asks whether to quit now; the question closes by itself once the engine has stopped. */
  const askToQuitWithoutStopping = async (stopped: Promise<void>): Promise<boolean> => {
    const closeWhenStopped = new AbortController()
    void stopped.then(() => closeWhenStopped.abort())
    const answer = await dialog.showMessageBox({
      type: 'warning',
      title: 'Still stopping',
      message: 'TripleGain is still saving its state.',
      detail:
        'Quitting now may lose the last records (orders, fills, agent outputs) that were not ' +
        'yet written. Orders already on the exchange stay there, with their stop-losses.',
      buttons: ['Keep waiting', 'Quit now'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
      signal: closeWhenStopped.signal,
    })
    return answer.response === 1
  }

  app.on('before-quit', (event) => {
    const action = BEFORE_QUIT_ACTION[state]
    if (action === 'allow') return
    event.preventDefault()
    if (action === 'start') {
      shutDown().catch((error: unknown) => {
        logger.error({ reason: String(error) }, 'quit failed')
        state = 'running'
      })
    }
  })
  return () => state
}

function countInFlight(options: QuitGuardOptions): number {
  try {
    return options.ordersInFlight()
  } catch {
    // An engine that cannot say has nothing we can protect; do not block quitting.
    return 0
  }
}
