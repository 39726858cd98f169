import { asCapitalisedWords, asWords } from '../../../src-shared/words'
import type { EngineEvent } from '../../../src-shared/contract'
import { formatPrice, formatQuantity } from '../format/numbers'

/** The part of the web Notification API the notifier uses (works in Electron and browsers). */
export interface NotificationPort {
  permission(): NotificationPermission
  requestPermission(): Promise<NotificationPermission>
  show(title: string, body: string, tag: string): void
}

/** Returns the port over the browser's `Notification`, or null where it does not exist. */
export function browserNotificationPort(win: Window & typeof globalThis): NotificationPort | null {
  const NotificationClass = win.Notification
  if (typeof NotificationClass !== 'function') return null
  return {
    permission: () => NotificationClass.permission,
    requestPermission: () => NotificationClass.requestPermission(),
    show: (title, body, tag) => void new NotificationClass(title, { body, tag }),
  }
}

/**
 * Returns the desktop notification an event deserves: fills, circuit breakers and error
 * notices (a stop-loss the exchange did not take, a safety-net close refused). A breaker's
 * alert type is its title in words ("Circuit breaker reset"); the message says which one.
 */
export function notificationFor(
  event: EngineEvent,
): { title: string; body: string; tag: string } | null {
  if (event.type === 'order.filled') {
    const { order } = event
    return {
      title: `Filled: ${order.side.toUpperCase()} ${order.symbol}`,
      body: `${formatQuantity(order.filledSize)} @ ${formatPrice(order.averageFillPrice ?? order.price)} (${asWords(order.type)}, ${asWords(order.role)})`,
      tag: `fill-${order.id}`,
    }
  }
  if (event.type === 'risk.alert' && isBreakerAlert(event.alertType)) {
    return {
      title: asCapitalisedWords(event.alertType),
      body: event.message,
      tag: `risk-${event.alertType}`,
    }
  }
  if (event.type === 'system.notice' && event.level === 'error') {
    return { title: 'TripleGain needs attention', body: event.message, tag: `notice-${event.at}` }
  }
  return null
}

/** Returns whether a risk alert type is about a circuit breaker. */
export function isBreakerAlert(alertType: string): boolean {
  return /breaker|halt|circuit/i.test(alertType)
}

/**
 * Shows desktop notifications for fills, circuit breakers and error notices when the user allowed them.
 * Several fills in one frame become one summary notification, not a burst.
 */
export class DesktopNotifier {
  constructor(private readonly port: NotificationPort | null) {}

  /** Whether notifications can be shown or asked for. */
  get isSupported(): boolean {
    return this.port !== null
  }

  permission(): NotificationPermission | 'unsupported' {
    return this.port ? this.port.permission() : 'unsupported'
  }

  /** Asks the user for permission (call from a click). */
  async requestPermission(): Promise<NotificationPermission | 'unsupported'> {
    if (!this.port) return 'unsupported'
    return this.port.requestPermission()
  }

  handle(batch: readonly EngineEvent[]): void {
    if (!this.port) return
    const notes = batch.map(notificationFor).filter((note) => note !== null)
    // Reading Notification.permission is a synchronous round trip to the browser process
    // (hundreds of ms per second at 60 frames/s in Chromium): ask only when there is news.
    if (notes.length === 0 || this.port.permission() !== 'granted') return
    if (notes.length <= 3) {
      for (const note of notes) this.port.show(note.title, note.body, note.tag)
      return
    }
    this.port.show(
      `${notes.length} trading events`,
      notes.map((note) => note.title).join('\n'),
      'batch',
    )
  }
}
