import type { PullProgress as Pull } from '../store/models-store'
import { formatBytes } from '../format/numbers'
import { useActions } from '../store/use-store-state'
import { CancelButton } from './cancel-button'

/** One model pull: a progress bar with bytes, its status, and cancel or dismiss. */
export function PullProgress(props: { pull: Pull }) {
  const { pull } = props
  const { cancelPull, dismissPull } = useActions('models')
  const hasTotal = pull.totalBytes !== null && pull.totalBytes > 0
  const percent = hasTotal
    ? Math.min(100, ((pull.completedBytes ?? 0) / (pull.totalBytes as number)) * 100)
    : null
  const label = `Pulling ${pull.name}`
  return (
    <div
      className="inline-form"
      style={{ alignItems: 'center' }}
      aria-label={`Pull ${pull.name}`}
      role="group"
    >
      <strong className="mono" style={{ minWidth: 140 }}>
        {pull.name}
      </strong>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null ? { 'aria-valuenow': Math.round(percent) } : {})}
        aria-valuetext={
          percent !== null
            ? `${percent.toFixed(0)}% (${formatBytes(pull.completedBytes)} of ${formatBytes(pull.totalBytes)})`
            : pull.status
        }
        data-indeterminate={percent === null && !pull.isDone}
        style={{ flex: 1 }}
      >
        <div style={{ width: `${pull.isDone && !pull.error ? 100 : (percent ?? 0)}%` }} />
      </div>
      <span className="num muted" style={{ minWidth: 170, textAlign: 'right' }}>
        {percent !== null
          ? `${percent.toFixed(0)}% · ${formatBytes(pull.completedBytes)} / ${formatBytes(pull.totalBytes)}`
          : pull.status}
      </span>
      <span
        className={pull.error ? 'down' : pull.isDone ? 'up' : 'muted'}
        style={{ minWidth: 120 }}
      >
        {pull.error ? `failed: ${pull.error}` : pull.isDone ? 'done' : pull.status}
      </span>
      {pull.isDone || pull.error ? (
        <button type="button" className="button small" onClick={() => dismissPull(pull.pullId)}>
          Dismiss
        </button>
      ) : (
        <CancelButton
          label={`Cancel pull of ${pull.name}`}
          isCancelling={pull.isCancelling}
          onCancel={() => void cancelPull(pull.pullId)}
        />
      )}
    </div>
  )
}
