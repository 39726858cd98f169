import type { TaskStatus } from '../../../src-shared/contract'
import { asWords } from '../../../src-shared/words'
import { describeTaskSkip, taskSkipDetail } from '../format/task-skip'
import { formatDue, formatDuration, formatInterval, formatRelative } from '../format/time'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'
import { Pill } from './pill'

/**
 * Scheduled tasks with their timing and counters, and run now / enable / disable. Under the
 * skipped count, why and for which symbol the latest run was skipped, while that still
 * holds; when, and the engine's reason, on hover (a wider note would push the actions off
 * a 1440 px window). The agent shows under the task only when its name differs, and the
 * last error under the failures, so the table fits a 1024 px window. Tasks and agents are
 * named in words ("technical analysis"), their buttons too.
 */
export function TaskTable(props: { tasks: readonly TaskStatus[]; now: number | null }) {
  const pending = useStoreState('coordinator', (state) => state.pending)
  const actionError = useStoreState('coordinator', (state) => state.actionError)
  const { taskAction } = useActions('coordinator')
  return (
    <div className="table-wrap">
      <table className="data" aria-label="Scheduled tasks">
        <thead>
          <tr>
            <th>Task</th>
            <th className="num">Interval</th>
            <th>State</th>
            <th className="num">Last run</th>
            <th className="num">Next run</th>
            <th className="num">Duration</th>
            <th className="num">Runs</th>
            <th className="num">Failures</th>
            <th className="num">Skipped</th>
            <th className="num">Timeouts</th>
            <th className="num">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.tasks.map((task) => {
            const isBusy = pending?.endsWith(`:${task.name}`) ?? false
            const error =
              actionError && actionError.action.endsWith(`:${task.name}`) ? actionError.error : null
            const name = asWords(task.name)
            return (
              <tr key={task.name} aria-label={`Task ${name}`}>
                <td>
                  <strong>{name}</strong>
                  {task.agent !== task.name ? (
                    <span className="cell-note">{`agent ${asWords(task.agent)}`}</span>
                  ) : null}
                </td>
                <td className="num">{formatInterval(task.intervalSeconds)}</td>
                <td>
                  {task.isRunning ? (
                    <Pill tone="info" hasDot>
                      running
                    </Pill>
                  ) : task.isEnabled ? (
                    <Pill tone="good">enabled</Pill>
                  ) : (
                    <Pill tone="neutral">disabled</Pill>
                  )}
                </td>
                <td className="num">{formatRelative(task.lastRunAt, props.now)}</td>
                <td className="num">
                  {task.isEnabled ? formatDue(task.nextRunAt, props.now) : '—'}
                </td>
                <td className="num">{formatDuration(task.lastDurationMs)}</td>
                <td className="num">{task.runs}</td>
                <td className={`num ${task.failures > 0 ? 'down' : ''}`}>
                  {task.failures}
                  {task.lastError ? (
                    <span className="cell-note down task-error" title={task.lastError}>
                      {task.lastError}
                    </span>
                  ) : null}
                </td>
                <td
                  className="num"
                  title={task.lastSkip ? taskSkipDetail(task.lastSkip, props.now) : undefined}
                >
                  {task.skipped}
                  {task.lastSkip ? (
                    <>
                      <span className="cell-note">{describeTaskSkip(task.lastSkip)}</span>
                      <span className="cell-note">{task.lastSkip.symbol}</span>
                    </>
                  ) : null}
                </td>
                <td className={`num ${task.timeouts > 0 ? 'warn-text' : ''}`}>{task.timeouts}</td>
                <td className="actions">
                  {error ? <ErrorMessage error={error} /> : null}
                  <div className="button-row">
                    <button
                      type="button"
                      className="button small"
                      disabled={isBusy || task.isRunning}
                      aria-label={`Run ${name} now`}
                      onClick={() => void taskAction(task.name, 'run')}
                    >
                      Run now
                    </button>
                    {task.isEnabled ? (
                      <button
                        type="button"
                        className="button small"
                        disabled={isBusy}
                        aria-label={`Disable ${name}`}
                        onClick={() => void taskAction(task.name, 'disable')}
                      >
                        Disable
                      </button>
                    ) : (
                      <button
                        type="button"
                        className="button small"
                        disabled={isBusy}
                        aria-label={`Enable ${name}`}
                        onClick={() => void taskAction(task.name, 'enable')}
                      >
                        Enable
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
