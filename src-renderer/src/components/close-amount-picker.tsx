import { useId } from 'react'
import { closePreviewInput } from '../../../src-shared/contract'
import type { CloseAmount } from '../../../src-shared/contract'
import { DecimalField } from './decimal-field'

/** The shares of a position one click closes; 100 closes all of it. */
export const CLOSE_SHARES = ['25', '50', '75', '100'] as const

/** What the trader picked: a share of the open size, or a typed size (which wins when set). */
export interface CloseChoice {
  share: (typeof CLOSE_SHARES)[number] | null
  typedSize: string
}

export const CLOSE_ALL: CloseChoice = { share: '100', typedSize: '' }

/**
 * Returns the amount to send for a choice (none for all of it), or the problem the contract's
 * schema finds in a typed size. Whether the size fits the position is the engine's answer.
 */
export function closeAmountOf(
  id: string,
  choice: CloseChoice,
): { amount: CloseAmount } | { problem: string } {
  const size = choice.typedSize.trim()
  if (size === '') {
    return {
      amount: choice.share === null || choice.share === '100' ? {} : { sizePct: choice.share },
    }
  }
  const parsed = closePreviewInput.safeParse({ id, size })
  if (parsed.success) return { amount: { size } }
  return { problem: `Size: ${parsed.error.issues[0]?.message ?? 'not a valid size'}` }
}

/**
 * Picks how much of a position to close: all of it (the default) or 25 / 50 / 75 % with one
 * click, or a size typed in base units.
 */
export function CloseAmountPicker(props: {
  /** The base asset the size is counted in ("BTC"). */
  base: string
  choice: CloseChoice
  /** Shown in the empty size field: what the picked share closes. */
  placeholder: string
  /** What is wrong with the typed size, shown under it. */
  problem: string | null
  /** Whether the typed size is refused (by the schema, or by the engine for this position). */
  isInvalid: boolean
  isDisabled: boolean
  onChange: (choice: CloseChoice) => void
}) {
  const { choice } = props
  const shareLabel = useId()
  return (
    <div className="close-amount">
      <div className="field">
        <span id={shareLabel}>Share to close</span>
        <div className="segmented" role="group" aria-labelledby={shareLabel}>
          {CLOSE_SHARES.map((share) => (
            <button
              key={share}
              type="button"
              aria-pressed={choice.typedSize.trim() === '' && choice.share === share}
              disabled={props.isDisabled}
              onClick={() => props.onChange({ share, typedSize: '' })}
            >
              {share === '100' ? 'All' : `${share}%`}
            </button>
          ))}
        </div>
      </div>
      <DecimalField
        label={`Size to close (${props.base})`}
        value={choice.typedSize}
        placeholder={props.placeholder}
        isInvalid={props.isInvalid}
        problem={props.problem}
        isDisabled={props.isDisabled}
        onChange={(typedSize) =>
          // An emptied field goes back to closing all of it.
          props.onChange({ share: typedSize.trim() === '' ? '100' : null, typedSize })
        }
      />
    </div>
  )
}
