import type { KeyVariable } from '../../../src-shared/contract'
import { Pill } from './pill'

/**
 * The environment variables a provider's key is read from, each with whether it is set in
 * the engine's environment (never its value).
 */
export function KeyVariables(props: { variables: readonly KeyVariable[]; providerName: string }) {
  if (props.variables.length === 0) return <span className="muted">none configured</span>
  return (
    <ul className="key-variables" aria-label={`${props.providerName} environment variables`}>
      {props.variables.map((variable) => (
        <li key={variable.name}>
          <code className="mono">{variable.name}</code>
          <Pill tone={variable.isSet ? 'good' : 'neutral'}>
            {variable.isSet ? 'set' : 'not set'}
          </Pill>
        </li>
      ))}
    </ul>
  )
}
