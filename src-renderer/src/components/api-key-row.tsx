import type { ApiKeyProvider, ApiKeyStatus } from '../../../src-shared/contract'
import { ApiKeyForm } from './api-key-form'
import { KeyVariables } from './key-variables'
import { Pill } from './pill'

const PROVIDER_NAMES: Record<ApiKeyProvider, string> = {
  kraken: 'Kraken',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  deepseek: 'DeepSeek',
  xai: 'xAI',
}

/**
 * One provider's key: set or not set (never the key itself), where it comes from, the
 * environment variables it is read from, and — in the new-key column, when the table has
 * one — the form to store a key where the host can.
 */
export function ApiKeyRow(props: { status: ApiKeyStatus; hasKeyColumn: boolean }) {
  const { provider, isSet, source, environmentVariables, canStore } = props.status
  const name = PROVIDER_NAMES[provider]
  return (
    <tr>
      <td>
        <strong>{name}</strong>
      </td>
      <td>
        <Pill tone={isSet ? 'good' : 'neutral'} hasDot>
          {isSet ? 'set' : 'not set'}
        </Pill>
      </td>
      <td className="muted">{source === 'none' ? '—' : source}</td>
      <td>
        <KeyVariables variables={environmentVariables} providerName={name} />
      </td>
      {props.hasKeyColumn ? (
        <td style={{ whiteSpace: 'normal' }}>
          {canStore ? <ApiKeyForm status={props.status} name={name} /> : null}
        </td>
      ) : null}
    </tr>
  )
}
