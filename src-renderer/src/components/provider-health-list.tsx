import type { CommandOutput } from '../../../src-shared/contract'
import { Pill } from './pill'

/** Each LLM provider: available (key or server present) and healthy, or why not. */
export function ProviderHealthList(props: { providers: CommandOutput<'models:health'> }) {
  return (
    <table className="data" aria-label="Providers">
      <thead>
        <tr>
          <th>Provider</th>
          <th>Status</th>
          <th>Reason</th>
        </tr>
      </thead>
      <tbody>
        {props.providers.map((provider) => (
          <tr key={provider.provider}>
            <td>{provider.provider}</td>
            <td>
              <ProviderStatusPill provider={provider} />
            </td>
            <td className="muted" style={{ whiteSpace: 'normal' }}>
              {provider.reason ?? ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

type ProviderHealthDto = CommandOutput<'models:health'>[number]

/**
 * not configured (no key), healthy, degraded (still asked, but its last call failed: the
 * reason says why) or unhealthy (skipped until its spell ends).
 */
function ProviderStatusPill({ provider }: { provider: ProviderHealthDto }) {
  if (!provider.isAvailable) {
    return (
      <Pill tone="neutral" hasDot>
        not configured
      </Pill>
    )
  }
  if (!provider.isHealthy) {
    return (
      <Pill tone="bad" hasDot>
        unhealthy
      </Pill>
    )
  }
  return provider.reason ? (
    <Pill tone="warn" hasDot>
      degraded
    </Pill>
  ) : (
    <Pill tone="good" hasDot>
      healthy
    </Pill>
  )
}
