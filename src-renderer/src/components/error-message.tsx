import type { ContractError } from '../../../src-shared/result'

/** Shows an engine refusal or failure: its code and its message, as an alert. */
export function ErrorMessage(props: {
  error: ContractError
  prefix?: string
  onRetry?: () => void
}) {
  return (
    <div className="error-message" role="alert">
      <span className="code">{props.error.code}</span>
      <span>
        {props.prefix ? `${props.prefix}: ` : ''}
        {props.error.message}
      </span>
      {props.onRetry ? (
        <button type="button" className="button small" onClick={props.onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  )
}
