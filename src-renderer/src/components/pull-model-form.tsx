import { useState } from 'react'
import type { FormEvent } from 'react'
import { ollamaModelNameInput } from '../../../src-shared/contract'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'

/** Starts pulling an Ollama model; the name is checked with the contract's rule first. */
export function PullModelForm(props: { isDisabled?: boolean }) {
  const [name, setName] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const pullError = useStoreState('models', (state) => state.pullError)
  const { pull } = useActions('models')
  const [isStarting, setStarting] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    const parsed = ollamaModelNameInput.safeParse({ name: name.trim() })
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'invalid model name')
      return
    }
    setProblem(null)
    setStarting(true)
    const outcome = await pull(parsed.data.name)
    setStarting(false)
    if (outcome.ok) setName('')
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="Pull a model" noValidate>
      <label className="field">
        <span>Model name</span>
        <input
          className="input mono"
          value={name}
          placeholder="qwen2.5:7b"
          onChange={(event) => setName(event.target.value)}
          aria-invalid={problem !== null}
          size={28}
          disabled={props.isDisabled}
        />
      </label>
      <button type="submit" className="button primary" disabled={isStarting || props.isDisabled}>
        {isStarting ? 'Starting…' : 'Pull'}
      </button>
      {problem ? (
        <p className="form-errors" role="alert" style={{ flexBasis: '100%', margin: 0 }}>
          {problem}
        </p>
      ) : null}
      {pullError ? (
        <div style={{ flexBasis: '100%' }}>
          <ErrorMessage error={pullError} prefix="The pull was refused" />
        </div>
      ) : null}
    </form>
  )
}
