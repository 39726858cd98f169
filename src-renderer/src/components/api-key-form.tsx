import { useState } from 'react'
import type { FormEvent } from 'react'
import type { ApiKeyStatus } from '../../../src-shared/contract'
import { setApiKeyInput } from '../../../src-shared/contract'
import { useActions, useStoreState } from '../store/use-store-state'
import { ErrorMessage } from './error-message'

/**
 * The fields to store a new key for one provider (Kraken also needs its secret), checked
 * before sending, and a button to remove a stored one; only where the host can store keys.
 */
export function ApiKeyForm(props: { status: ApiKeyStatus; name: string }) {
  const { provider, isSet, source } = props.status
  const { name } = props
  const [key, setKey] = useState('')
  const [secret, setSecret] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const isSaving = useStoreState('system', (state) => state.savingKey === provider)
  const error = useStoreState('system', (state) => state.keyErrors[provider])
  const { setApiKey, clearApiKey } = useActions('system')
  const needsSecret = provider === 'kraken'

  const save = async (event: FormEvent) => {
    event.preventDefault()
    const parsed = setApiKeyInput.safeParse({ provider, key, ...(needsSecret ? { secret } : {}) })
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      setProblem(
        `${issue?.path.join('.') === 'secret' ? 'Secret' : 'Key'}: ${issue?.message ?? 'invalid'}`,
      )
      return
    }
    setProblem(null)
    const outcome = await setApiKey(provider, parsed.data.key, parsed.data.secret)
    if (outcome.ok) {
      setKey('')
      setSecret('')
    }
  }
  return (
    <>
      <form className="button-row" onSubmit={save} aria-label={`Set ${name} API key`} noValidate>
        <input
          className="input mono"
          type="password"
          autoComplete="off"
          aria-label={`${name} API key`}
          placeholder={isSet ? 'replace key' : 'paste key'}
          value={key}
          onChange={(event) => setKey(event.target.value)}
          size={24}
        />
        {needsSecret ? (
          <input
            className="input mono"
            type="password"
            autoComplete="off"
            aria-label={`${name} API secret`}
            placeholder="secret"
            value={secret}
            onChange={(event) => setSecret(event.target.value)}
            size={24}
          />
        ) : null}
        <button
          type="submit"
          className="button small primary"
          disabled={isSaving || key === ''}
          aria-label={`Save ${name} key`}
        >
          Save
        </button>
        {isSet && source === 'keystore' ? (
          <button
            type="button"
            className="button small"
            disabled={isSaving}
            aria-label={`Remove ${name} key`}
            onClick={() => void clearApiKey(provider)}
          >
            Remove
          </button>
        ) : null}
      </form>
      {problem ? (
        <p className="form-errors" role="alert" style={{ margin: '4px 0 0' }}>
          {problem}
        </p>
      ) : null}
      {error ? (
        <div style={{ marginTop: 4 }}>
          <ErrorMessage error={error} prefix={`${name} key not saved`} />
        </div>
      ) : null}
    </>
  )
}
