import type { ReactNode } from 'react'

/** A titled workstation panel; `actions` go to the header's right edge. */
export function Panel(props: {
  title: string
  actions?: ReactNode
  children: ReactNode
  className?: string
  isFlush?: boolean
}) {
  const headingId = `panel-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`
  return (
    <section className={`panel ${props.className ?? ''}`} aria-labelledby={headingId}>
      <header className="panel-header">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions ? <div className="panel-actions">{props.actions}</div> : null}
      </header>
      <div className={`panel-body${props.isFlush ? ' flush' : ''}`}>{props.children}</div>
    </section>
  )
}
