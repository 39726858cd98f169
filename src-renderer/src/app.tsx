import type { ViewName } from './store/navigation-store'
import { useStoreState } from './store/use-store-state'
import { EngineUnreachableBanner } from './components/engine-unreachable-banner'
import { NavTabs, VIEW_TITLES } from './components/nav-tabs'
import { StatusBar } from './components/status-bar'
import { CoordinatorView } from './views/coordinator-view'
import { DecisionsView } from './views/decisions-view'
import { MarketView } from './views/market-view'
import { ModelsView } from './views/models-view'
import { OrdersView } from './views/orders-view'
import { OverviewView } from './views/overview-view'
import { PositionsView } from './views/positions-view'
import { SettingsView } from './views/settings-view'

const VIEW_COMPONENTS: Record<ViewName, () => React.JSX.Element> = {
  overview: OverviewView,
  market: MarketView,
  positions: PositionsView,
  orders: OrdersView,
  decisions: DecisionsView,
  models: ModelsView,
  coordinator: CoordinatorView,
  settings: SettingsView,
}

/** The workstation: status bar, view tabs and the selected view. */
export function App() {
  const view = useStoreState('navigation', (state) => state.view)
  const mode = useStoreState('system', (state) => state.info.data?.mode ?? 'unknown')
  const View = VIEW_COMPONENTS[view]
  return (
    <div className="app" data-mode={mode}>
      <StatusBar />
      <EngineUnreachableBanner />
      <div className="workspace">
        <NavTabs />
        <main
          id="view-panel"
          className="view"
          role="tabpanel"
          aria-labelledby={`tab-${view}`}
          aria-label={VIEW_TITLES[view]}
        >
          <View />
        </main>
      </div>
    </div>
  )
}
