import { asWords } from '../../../src-shared/words'
import { useMemo } from 'react'
import { HitRateChart } from '../components/hit-rate-chart'
import { LoadState } from '../components/load-state'
import { ModelAssignmentsTable } from '../components/model-assignments-table'
import { ModelComparisonTable } from '../components/model-comparison-table'
import { OllamaModelsTable } from '../components/ollama-models-table'
import { Panel } from '../components/panel'
import { ProviderHealthList } from '../components/provider-health-list'
import { PullModelForm } from '../components/pull-model-form'
import { PullProgress } from '../components/pull-progress'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/** Model A/B comparison, assignments, provider health and local Ollama models. */
export function ModelsView() {
  const comparison = useStoreState('models', (state) => state.comparison)
  const assignments = useStoreState('models', (state) => state.assignments)
  const health = useStoreState('models', (state) => state.health)
  const ollama = useStoreState('models', (state) => state.ollama)
  const pulls = useStoreState('models', (state) => state.pulls)
  const models = useActions('models')
  useReload(() => void models.loadComparison(), 60_000)
  useReload(() => void models.loadAssignments())
  useReload(() => void models.loadHealth(), 30_000)
  useReload(() => void models.loadOllama(), 30_000)
  const usedBy = useMemo(() => {
    const map = new Map<string, string[]>()
    for (const assignment of assignments.data ?? []) {
      for (const model of assignment.models) {
        if (model.provider !== 'ollama') continue
        map.set(model.model, [...(map.get(model.model) ?? []), asWords(assignment.agent)])
      }
    }
    return map
  }, [assignments.data])
  const activePulls = Object.values(pulls)
  return (
    <>
      <Panel title="A/B comparison (trading decision)" isFlush>
        <LoadState
          loadable={comparison}
          label="model comparison"
          onRetry={() => void models.loadComparison()}
          empty="No votes recorded yet. Each trading decision asks every configured model; their votes, agreement and hit rates accumulate here."
        >
          {(stats) => (
            <div className="comparison-layout">
              <ModelComparisonTable stats={stats} />
              <HitRateChart stats={stats} />
            </div>
          )}
        </LoadState>
      </Panel>
      <div className="grid two-columns">
        <Panel title="Agent models" isFlush>
          <LoadState
            loadable={assignments}
            label="model assignments"
            onRetry={() => void models.loadAssignments()}
            empty="No agents configured."
          >
            {(data) => <ModelAssignmentsTable assignments={data} />}
          </LoadState>
        </Panel>
        <Panel title="Providers" isFlush>
          <LoadState
            loadable={health}
            label="provider health"
            onRetry={() => void models.loadHealth()}
            empty="No providers configured: agents use the rules provider."
          >
            {(data) => <ProviderHealthList providers={data} />}
          </LoadState>
        </Panel>
      </div>
      <Panel title="Local Ollama models" isFlush>
        <div style={{ padding: '4px 10px' }}>
          <PullModelForm isDisabled={ollama.data !== null && !ollama.data.isReachable} />
          {activePulls.map((pull) => (
            <PullProgress key={pull.pullId} pull={pull} />
          ))}
        </div>
        <LoadState
          loadable={ollama}
          label="Ollama models"
          onRetry={() => void models.loadOllama()}
          isEmpty={(data) => !data.isReachable || data.models.length === 0}
          empty={
            ollama.data && !ollama.data.isReachable ? (
              <div className="notice warning" role="note">
                <strong>Ollama is not reachable.</strong>{' '}
                {ollama.data.message
                  ? `${ollama.data.message.replace(/\.?$/, '.')}`
                  : 'Start Ollama (ollama serve) to use local models.'}{' '}
                Until a model is available, agents assigned to Ollama fall back to their next model
                or to the rules provider.
              </div>
            ) : (
              'No local models yet. Pull one above, for example qwen2.5:7b.'
            )
          }
        >
          {(data) => <OllamaModelsTable models={data.models} usedBy={usedBy} />}
        </LoadState>
      </Panel>
    </>
  )
}
