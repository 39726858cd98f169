import type { ReactNode } from 'react'

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'neutral'

/** A small rounded status label; the tone sets its colour. */
export function Pill(props: { tone: Tone; children: ReactNode; hasDot?: boolean; title?: string }) {
  return (
    <span className="pill" data-tone={props.tone} {...(props.title ? { title: props.title } : {})}>
      {props.hasDot ? <span className="dot" aria-hidden="true" /> : null}
      {props.children}
    </span>
  )
}
