import { useState } from 'react'
import { useNotifier } from '../store/stores-context'

/** Shows whether desktop notifications (fills, breakers, errors) are on, and asks for them. */
export function NotificationSetting() {
  const notifier = useNotifier()
  const [permission, setPermission] = useState(() => notifier?.permission() ?? 'unsupported')
  if (!notifier || permission === 'unsupported') {
    return <span className="muted">Not available in this browser.</span>
  }
  if (permission === 'granted')
    return (
      <span className="up">On: fills, circuit breakers and errors that need you notify you.</span>
    )
  if (permission === 'denied') {
    return (
      <span className="warn-text">
        Blocked. Allow notifications for this page in the browser settings.
      </span>
    )
  }
  return (
    <button
      type="button"
      className="button small"
      onClick={async () => setPermission(await notifier.requestPermission())}
    >
      Enable desktop notifications
    </button>
  )
}
