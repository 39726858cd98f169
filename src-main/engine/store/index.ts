export type { Database, Store, StoreDriver } from './database'
export { DataFolderLock, DataFolderLockedError } from './data-folder-lock'
export { migrateStore, type SchemaVersion } from './migrate'
export { openStore, redactUrl, type StoreOptions } from './open-store'
export { applyTimescale, hypertableStatements } from './timescale'
export { CandleRepository, type StoredCandle } from './repositories/candle-repository'
export {
  CoordinatorStateRepository,
  type CoordinatorStateRow,
} from './repositories/coordinator-state-repository'
export {
  ConflictResolutionRepository,
  type ConflictResolutionEntry,
} from './repositories/conflict-resolution-repository'
export * as schema from './schema'
