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
              <Pill
                tone={!provider.isAvailable ? 'neutral' : provider.isHealthy ? 'good' : 'bad'}
                hasDot
              >
                {!provider.isAvailable
                  ? 'not configured'
                  : provider.isHealthy
                    ? 'healthy'
                    : 'unhealthy'}
              </Pill>
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
