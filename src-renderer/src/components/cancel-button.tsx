/**
 * The small red button that cancels something (an order, a batch, a model pull): disabled
 * while `isDisabled`, and saying so while `isCancelling`. `label` names what it cancels.
 */
export function CancelButton(props: {
  label: string
  isCancelling: boolean
  isDisabled?: boolean
  text?: string
  /** What the cancel does beyond the obvious, shown on hover. */
  hint?: string
  onCancel: () => void
}) {
  return (
    <button
      type="button"
      className="button small danger"
      disabled={props.isDisabled ?? props.isCancelling}
      aria-label={props.label}
      title={props.hint}
      onClick={props.onCancel}
    >
      {props.isCancelling ? 'Cancelling…' : (props.text ?? 'Cancel')}
    </button>
  )
}
