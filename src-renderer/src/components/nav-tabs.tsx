import type { KeyboardEvent } from 'react'
import type { ViewName } from '../store/navigation-store'
import { VIEWS } from '../store/navigation-store'
import { useActions, useStoreState } from '../store/use-store-state'

export const VIEW_TITLES: Record<ViewName, string> = {
  overview: 'Overview',
  market: 'Market',
  positions: 'Positions',
  orders: 'Orders',
  decisions: 'Decisions',
  models: 'Models',
  coordinator: 'Coordinator',
  settings: 'Settings',
}

/** The view switcher: a tab list (arrow keys move between tabs). */
export function NavTabs() {
  const view = useStoreState('navigation', (state) => state.view)
  const { go } = useActions('navigation')
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return
    const index = VIEWS.indexOf(view)
    const step = event.key === 'ArrowRight' ? 1 : -1
    const next = VIEWS[(index + step + VIEWS.length) % VIEWS.length] ?? 'overview'
    go(next)
    document.getElementById(`tab-${next}`)?.focus()
  }
  return (
    <nav className="nav-tabs" role="tablist" aria-label="Views" onKeyDown={onKeyDown}>
      {VIEWS.map((name) => (
        <button
          key={name}
          id={`tab-${name}`}
          type="button"
          role="tab"
          aria-selected={view === name}
          aria-controls="view-panel"
          tabIndex={view === name ? 0 : -1}
          onClick={() => go(name)}
        >
          {VIEW_TITLES[name]}
        </button>
      ))}
    </nav>
  )
}
