import type { ApiKeyStatus } from '../../../src-shared/contract'
import { ApiKeyRow } from './api-key-row'

/**
 * Every provider's key status. Where the host can store keys (the desktop app) each row has
 * a field for a new key; elsewhere (the headless host) the table says which environment
 * variable to set instead, since a key typed here could not be kept.
 */
export function ApiKeysTable(props: { keys: readonly ApiKeyStatus[] }) {
  const canStoreKeys = props.keys.some((status) => status.canStore)
  return (
    <>
      {canStoreKeys ? null : (
        <div className="notice warning" style={{ margin: 10 }} role="note">
          This host cannot store keys: only the desktop app keeps them, encrypted. Set each
          provider&apos;s environment variable below before starting the host, then restart it.
        </div>
      )}
      <table className="data" aria-label="API keys">
        <thead>
          <tr>
            <th>Provider</th>
            <th>Status</th>
            <th>Source</th>
            <th>Environment variable</th>
            {canStoreKeys ? <th>New key</th> : null}
          </tr>
        </thead>
        <tbody>
          {props.keys.map((status) => (
            <ApiKeyRow key={status.provider} status={status} hasKeyColumn={canStoreKeys} />
          ))}
        </tbody>
      </table>
    </>
  )
}
