import { useState } from 'react'
import type { OllamaModel } from '../../../src-shared/contract'
import { formatBytes } from '../format/numbers'
import { useActions, useStoreState } from '../store/use-store-state'
import { Dialog } from './dialog'
import { ErrorMessage } from './error-message'
import { Pill } from './pill'

/** Local Ollama models with size, family, quantization and running state; delete confirms first. */
export function OllamaModelsTable(props: {
  models: readonly OllamaModel[]
  usedBy: ReadonlyMap<string, string[]>
}) {
  const [confirming, setConfirming] = useState<OllamaModel | null>(null)
  const deleting = useStoreState('models', (state) => state.deleting)
  const deleteError = useStoreState('models', (state) => state.deleteError)
  const { deleteModel } = useActions('models')
  const confirm = async () => {
    if (!confirming) return
    const outcome = await deleteModel(confirming.name)
    if (outcome.ok) setConfirming(null)
  }
  const users = confirming ? (props.usedBy.get(confirming.name) ?? []) : []
  return (
    <>
      <table className="data" aria-label="Local models">
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Size</th>
            <th>Family</th>
            <th>Parameters</th>
            <th>Quantization</th>
            <th>Used by</th>
            <th>State</th>
            <th className="num">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.models.map((model) => (
            <tr key={model.name}>
              <td className="mono">{model.name}</td>
              <td className="num">{formatBytes(model.sizeBytes)}</td>
              <td>{model.family ?? '—'}</td>
              <td>{model.parameterSize ?? '—'}</td>
              <td>{model.quantization ?? '—'}</td>
              <td className="muted">{(props.usedBy.get(model.name) ?? []).join(', ') || '—'}</td>
              <td>
                <Pill tone={model.isRunning ? 'good' : 'neutral'} hasDot={model.isRunning}>
                  {model.isRunning ? 'running' : 'idle'}
                </Pill>
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="button small danger"
                  aria-label={`Delete model ${model.name}`}
                  aria-haspopup="dialog"
                  disabled={deleting === model.name}
                  onClick={() => setConfirming(model)}
                >
                  {deleting === model.name ? 'Deleting…' : 'Delete'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {confirming ? (
        <Dialog
          title={`Delete ${confirming.name}?`}
          tone="danger"
          onCancel={() => setConfirming(null)}
          footer={
            <>
              <button type="button" className="button" onClick={() => setConfirming(null)}>
                Keep model
              </button>
              <button
                type="button"
                className="button danger"
                onClick={confirm}
                disabled={deleting !== null}
              >
                {deleting ? 'Deleting…' : 'Delete model'}
              </button>
            </>
          }
        >
          <p>{`This removes ${confirming.name} (${formatBytes(confirming.sizeBytes)}) from the local Ollama store. Pulling it again downloads it in full.`}</p>
          {users.length > 0 ? (
            <p className="warn-text">{`Used by: ${users.join(', ')}. Those agents fall back to their next model or the rules provider.`}</p>
          ) : null}
          {deleteError && deleteError.name === confirming.name ? (
            <ErrorMessage error={deleteError.error} prefix="The delete was refused" />
          ) : null}
        </Dialog>
      ) : null}
    </>
  )
}
