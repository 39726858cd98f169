import { useState } from 'react'
import type { FormEvent } from 'react'
import type { Position } from '../../../src-shared/contract'
import { modifyPositionInput } from '../../../src-shared/contract'
import type { PositionChange } from '../store/positions-store'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'

const FIELD_LABELS: Record<string, string> = {
  stopLoss: 'Stop-loss',
  takeProfit: 'Take-profit',
  trailingStop: 'Trailing stop',
  'trailingStop.distancePct': 'Trailing distance',
}

/**
 * Returns the change to send for the edited values (only what changed; an emptied field
 * removes that level) and the problems the contract's schema finds, each naming its field.
 */
export function buildPositionChange(
  position: Position,
  values: { stopLoss: string; takeProfit: string; isTrailing: boolean; distancePct: string },
): { change: PositionChange; problems: string[] } {
  const change: PositionChange = {}
  const stopLoss = values.stopLoss.trim()
  const takeProfit = values.takeProfit.trim()
  if (stopLoss !== (position.stopLoss ?? '')) change.stopLoss = stopLoss === '' ? null : stopLoss
  if (takeProfit !== (position.takeProfit ?? '')) {
    change.takeProfit = takeProfit === '' ? null : takeProfit
  }
  const trailing = position.trailingStop
  const distance = values.distancePct.trim()
  if (
    values.isTrailing !== (trailing?.isEnabled ?? false) ||
    distance !== (trailing?.distancePct ?? '')
  ) {
    change.trailingStop = {
      isEnabled: values.isTrailing,
      ...(values.isTrailing && distance !== '' ? { distancePct: distance } : {}),
    }
  }
  const parsed = modifyPositionInput.safeParse({ id: position.id, ...change })
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const path = issue.path.join('.')
        return `${FIELD_LABELS[path] ?? path}: ${issue.message}`
      })
  return { change, problems }
}

/** Inline editor for a position's stop-loss, take-profit and trailing stop. */
export function StopEditor(props: { position: Position; onDone: () => void }) {
  const { position } = props
  const [stopLoss, setStopLoss] = useState(position.stopLoss ?? '')
  const [takeProfit, setTakeProfit] = useState(position.takeProfit ?? '')
  const [isTrailing, setTrailing] = useState(position.trailingStop?.isEnabled ?? false)
  const [distancePct, setDistancePct] = useState(position.trailingStop?.distancePct ?? '')
  const [problems, setProblems] = useState<string[]>([])
  const isSaving = useStoreState('positions', (state) => state.pending[position.id] === 'modify')
  const error = useStoreState('positions', (state) => state.errors[position.id])
  const actions = useActions('positions')

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const built = buildPositionChange(position, { stopLoss, takeProfit, isTrailing, distancePct })
    setProblems(built.problems)
    if (built.problems.length > 0) return
    if (Object.keys(built.change).length === 0) {
      props.onDone()
      return
    }
    const outcome = await actions.modify(position.id, built.change)
    if (outcome.ok) props.onDone()
  }
  const invalid = (field: string) => problems.some((problem) => problem.startsWith(field))
  const name = `${position.symbol} ${position.side}`
  return (
    <form
      className="inline-form"
      aria-label={`Edit stop-loss and take-profit for ${name}`}
      onSubmit={save}
      noValidate
    >
      <label className="field">
        <span>Stop-loss</span>
        <input
          className="input num"
          inputMode="decimal"
          value={stopLoss}
          onChange={(event) => setStopLoss(event.target.value)}
          aria-invalid={invalid('Stop-loss')}
          placeholder="none"
          size={12}
        />
      </label>
      <label className="field">
        <span>Take-profit</span>
        <input
          className="input num"
          inputMode="decimal"
          value={takeProfit}
          onChange={(event) => setTakeProfit(event.target.value)}
          aria-invalid={invalid('Take-profit')}
          placeholder="none"
          size={12}
        />
      </label>
      <label
        className="checkbox"
        style={{ alignSelf: 'flex-end', alignItems: 'center', height: 28 }}
      >
        <input
          type="checkbox"
          checked={isTrailing}
          onChange={(event) => setTrailing(event.target.checked)}
        />
        <span>Trailing stop</span>
      </label>
      <label className="field">
        <span>Trailing distance %</span>
        <input
          className="input num"
          inputMode="decimal"
          value={distancePct}
          onChange={(event) => setDistancePct(event.target.value)}
          aria-invalid={invalid('Trailing distance')}
          disabled={!isTrailing}
          size={6}
        />
      </label>
      <div className="button-row">
        <button type="submit" className="button primary" disabled={isSaving}>
          {isSaving ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="button" onClick={props.onDone} disabled={isSaving}>
          Cancel
        </button>
      </div>
      {problems.length > 0 ? (
        <ul className="form-errors" role="alert" style={{ flexBasis: '100%' }}>
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      {error ? (
        <div style={{ flexBasis: '100%' }}>
          <ErrorMessage error={error} prefix="The engine refused the change" />
        </div>
      ) : null}
    </form>
  )
}
