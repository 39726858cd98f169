import { useActions, useStoreState } from '../store/use-store-state'

/**
 * Explains a first run instead of leaving blank panels: the host's notices (what paper mode
 * or a replay means, that the rules provider stands in for missing models, an unreachable
 * exchange), written once by the engine so the UI and the REST API say the same thing.
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
      {info.notices.map((notice) => (
        <NoticeParagraph key={notice} text={notice} />
      ))}
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

/** A notice as a paragraph, its topic ("Paper mode: …") in bold. */
function NoticeParagraph({ text }: { text: string }) {
  const topic = /^([^:]{1,40}): (.*)$/s.exec(text)
  if (!topic) return <p>{text}</p>
  return (
    <p>
      <strong>{topic[1]}:</strong> {topic[2]}
    </p>
  )
}
