import { useEffect, useId, useRef } from 'react'
import type { ReactNode } from 'react'

/**
 * A modal dialog: labelled by its title, focus moves inside on open and back on close,
 * Escape cancels.
 */
export function Dialog(props: {
  title: string
  onCancel: () => void
  children: ReactNode
  footer: ReactNode
  tone?: 'danger'
}) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  const { onCancel } = props
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    const first = ref.current?.querySelector<HTMLElement>(
      'input:not(:disabled), button:not(:disabled), select, [tabindex]',
    )
    first?.focus()
    return () => previous?.focus?.()
  }, [])
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel()
    }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [onCancel])
  return (
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog${props.tone === 'danger' ? ' danger' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{props.title}</h2>
        </header>
        <div className="dialog-body">{props.children}</div>
        <footer className="dialog-footer">{props.footer}</footer>
      </div>
    </div>
  )
}
