import { useActions, useStoreState } from '../store/use-store-state'

/**
 * Explains a first run instead of leaving blank panels: what paper mode means, that the
 * rules provider stands in for missing models, and the host's own notices.
 */
export function FirstRunNotice() {
  const info = useStoreState('system', (state) => state.info.data)
  const { go } = useActions('navigation')
  if (!info) return null
  const needsExplaining = info.isFirstRun || !info.llmAvailable || info.notices.length > 0
  if (!needsExplaining) return null
  return (
    <section className="notice" aria-label="Getting started">
      <h2>{info.isFirstRun ? 'Welcome to TripleGain' : 'Running with limited setup'}</h2>
      {info.mode === 'paper' ? (
        <p>
          <strong>Paper mode:</strong> orders are simulated against real market data, with fees and
          slippage; no money moves and no exchange keys are needed. Switch to live only after adding
          Kraken keys and changing the mode in the configuration.
        </p>
      ) : null}
      {!info.llmAvailable ? (
        <p>
          <strong>Rules provider:</strong> no language model is reachable (no API keys and no local
          Ollama), so the agents use the built-in deterministic rules provider — technical rules
          with fixed thresholds instead of model reasoning. Add a key in Settings or pull an Ollama
          model in Models to use LLM agents.
        </p>
      ) : null}
      {!info.exchangeReachable ? (
        <p>
          <strong>Exchange:</strong> Kraken is not reachable right now; market data may be stale.
        </p>
      ) : null}
      {info.notices.length > 0 ? (
        <ul aria-label="Notices">
          {info.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      ) : null}
      <div className="button-row" style={{ marginTop: 8 }}>
        <button type="button" className="button small" onClick={() => go('settings')}>
          Open Settings
        </button>
        <button type="button" className="button small" onClick={() => go('models')}>
          Open Models
        </button>
      </div>
    </section>
  )
}
