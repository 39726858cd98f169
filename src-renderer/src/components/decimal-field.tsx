/**
 * A labelled field for a decimal number (a size, a price), with what is wrong with it, if
 * anything, listed under it as an alert.
 */
export function DecimalField(props: {
  label: string
  value: string
  placeholder?: string
  /** Marks the field refused; the problem may come from elsewhere (the engine's answer). */
  isInvalid: boolean
  problem: string | null
  isDisabled: boolean
  onChange: (value: string) => void
}) {
  return (
    <>
      <label className="field">
        <span>{props.label}</span>
        <input
          className="input num"
          inputMode="decimal"
          value={props.value}
          placeholder={props.placeholder}
          aria-invalid={props.isInvalid}
          disabled={props.isDisabled}
          size={14}
          onChange={(event) => props.onChange(event.target.value)}
        />
      </label>
      {props.problem ? (
        <ul className="form-errors" role="alert">
          <li>{props.problem}</li>
        </ul>
      ) : null}
    </>
  )
}
