import type { EngineApi } from '../../../src-shared/engine-api'
import type { ConnectionState } from '../api/connection'
import { CONNECTED } from '../api/connection'
import type { ActivityStore } from './activity-store'
import { createActivityStore } from './activity-store'
import type { ConnectionStore } from './connection-store'
import { createConnectionStore } from './connection-store'
import type { CoordinatorStore } from './coordinator-store'
import { createCoordinatorStore } from './coordinator-store'
import type { DecisionsStore } from './decisions-store'
import { createDecisionsStore } from './decisions-store'
import type { EngineClockStore } from './engine-clock-store'
import { createEngineClockStore } from './engine-clock-store'
import type { MarketStore } from './market-store'
import { createMarketStore } from './market-store'
import type { ModelsStore } from './models-store'
import { createModelsStore } from './models-store'
import type { NavigationStore, ViewName } from './navigation-store'
import { createNavigationStore } from './navigation-store'
import type { OrdersStore } from './orders-store'
import { createOrdersStore } from './orders-store'
import type { PortfolioStore } from './portfolio-store'
import { createPortfolioStore } from './portfolio-store'
import type { PositionsStore } from './positions-store'
import { createPositionsStore } from './positions-store'
import type { RiskStore } from './risk-store'
import { createRiskStore } from './risk-store'
import type { SystemStore } from './system-store'
import { createSystemStore } from './system-store'

/** Every domain store of one app instance. */
export interface Stores {
  system: SystemStore
  coordinator: CoordinatorStore
  risk: RiskStore
  portfolio: PortfolioStore
  positions: PositionsStore
  orders: OrdersStore
  market: MarketStore
  decisions: DecisionsStore
  models: ModelsStore
  activity: ActivityStore
  engineClock: EngineClockStore
  connection: ConnectionStore
  navigation: NavigationStore
}

/** The stores that receive pushed events, in the order they get each batch. */
export const EVENT_STORES = [
  'system',
  'coordinator',
  'risk',
  'portfolio',
  'positions',
  'orders',
  'market',
  'decisions',
  'models',
  'activity',
  'engineClock',
] as const satisfies readonly (keyof Stores)[]

export interface StoreOptions {
  connection?: ConnectionState
  view?: ViewName
}

/** Returns a fresh set of stores whose actions call `api`. */
export function createStores(api: EngineApi, options: StoreOptions = {}): Stores {
  const stores: Stores = {
    system: createSystemStore(api),
    coordinator: createCoordinatorStore(api),
    risk: createRiskStore(api),
    portfolio: createPortfolioStore(api),
    positions: createPositionsStore(api),
    orders: createOrdersStore(api),
    market: createMarketStore(api),
    decisions: createDecisionsStore(api),
    models: createModelsStore(api),
    activity: createActivityStore(api),
    engineClock: createEngineClockStore(),
    connection: createConnectionStore(options.connection ?? CONNECTED),
    navigation: createNavigationStore(options.view),
  }
  // The activity feed reports coordinator changes relative to what was first loaded.
  stores.coordinator.subscribe(({ status }, previous) => {
    if (status.data) {
      stores.activity.getState().seedCoordinator(status.data)
    }
    // Each status the engine sends tells its time; a task update keeps the old one.
    if (status.data && status.data.now !== previous.status.data?.now) {
      stores.engineClock.getState().sync(status.data.now)
    }
  })
  return stores
}

/** Puts every store back to its initial state (between tests, or on sign-out). */
export function resetStores(stores: Stores): void {
  for (const store of Object.values(stores)) store.getState().reset()
}

/**
 * Loads what the status bar and first screen need, the recent events included (on a page
 * load and after a reconnect, when events may have been missed).
 */
export async function loadEssentials(stores: Stores): Promise<void> {
  await Promise.all([
    stores.activity.getState().loadRecent(),
    stores.system.getState().loadInfo(),
    stores.coordinator.getState().load(),
    stores.risk.getState().load(),
    stores.portfolio.getState().loadAllocation(),
    stores.positions.getState().load(),
    stores.orders.getState().load(),
  ])
}
