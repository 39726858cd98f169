import { asWords } from '../../../src-shared/words'
import type { ModelAssignment } from '../../../src-shared/contract'
import { Pill } from './pill'

/** Which agent uses which model(s), in fallback order. */
export function ModelAssignmentsTable(props: { assignments: readonly ModelAssignment[] }) {
  return (
    <table className="data" aria-label="Model assignments">
      <thead>
        <tr>
          <th>Agent</th>
          <th>Models</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {props.assignments.map((assignment) => (
          <tr key={assignment.agent}>
            <td>{asWords(assignment.agent)}</td>
            <td className="mono" style={{ whiteSpace: 'normal' }}>
              {assignment.models.length === 0
                ? 'rules provider'
                : assignment.models
                    .map((model) =>
                      model.provider === 'rules'
                        ? 'rules provider'
                        : `${model.provider}/${model.model}`,
                    )
                    .join(', ')}
            </td>
            <td>
              <Pill tone={assignment.isEnabled ? 'good' : 'neutral'}>
                {assignment.isEnabled ? 'enabled' : 'disabled'}
              </Pill>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
