import type { ReactNode } from 'react'

/** A two-column list of labels and values (values right-aligned, tabular figures). */
export function KeyValueList(props: {
  items: readonly (readonly [string, ReactNode])[]
  label?: string
}) {
  return (
    <dl className="kv" {...(props.label ? { 'aria-label': props.label } : {})}>
      {props.items.map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>{key}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
