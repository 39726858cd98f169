import type { StoreApi } from 'zustand/vanilla'
import type { ContractError } from '../../../src-shared/result'
import { describeError } from '../api/engine-error'

/** A value fetched from the engine, with its loading and error state. */
export interface Loadable<T> {
  data: T | null
  isLoading: boolean
  error: ContractError | null
}

/** Returns a Loadable that has not been fetched yet. */
export function notLoaded<T>(): Loadable<T> {
  return { data: null, isLoading: false, error: null }
}

/** Returns a Loadable holding `data`. */
export function loaded<T>(data: T): Loadable<T> {
  return { data, isLoading: false, error: null }
}

/** The outcome of a user action: done, or refused with the engine's code and message. */
export type ActionOutcome = { ok: true } | { ok: false; error: ContractError }

type LoadableKeys<State> = {
  [Key in keyof State]: State[Key] extends Loadable<unknown> ? Key : never
}[keyof State]

type DataOf<Value> = Value extends Loadable<infer Data> ? Data : never

/**
 * Fetches into one Loadable field of a store: marks it loading, then stores the data or the
 * error. Stale data stays visible while reloading and after a failed reload.
 */
export async function loadInto<State, Key extends LoadableKeys<State>>(
  store: StoreApi<State>,
  key: Key,
  fetcher: () => Promise<DataOf<State[Key]>>,
): Promise<void> {
  const update = (patch: Partial<Loadable<unknown>>) => {
    const current = store.getState()[key] as Loadable<unknown>
    store.setState({ [key]: { ...current, ...patch } } as unknown as Partial<State>)
  }
  update({ isLoading: true, error: null })
  try {
    const data = await fetcher()
    update({ data, isLoading: false, error: null })
  } catch (error) {
    update({ isLoading: false, error: describeError(error) })
  }
}

/** Runs a command for a user action and returns its outcome instead of throwing. */
export async function attempt(run: () => Promise<unknown>): Promise<ActionOutcome> {
  try {
    await run()
    return { ok: true }
  } catch (error) {
    return { ok: false, error: describeError(error) }
  }
}

/** Returns `record` with `key` set to `value`, or removed when `value` is undefined. */
export function withEntry<Value>(
  record: Readonly<Record<string, Value>>,
  key: string,
  value: NoInfer<Value> | undefined,
): Record<string, Value> {
  const next = { ...record }
  if (value === undefined) delete next[key]
  else next[key] = value
  return next
}

type LoadableRecordKeys<State> = {
  [Key in keyof State]: State[Key] extends Record<string, Loadable<unknown>> ? Key : never
}[keyof State]

type EntryDataOf<Value> = Value extends Record<string, Loadable<infer Data>> ? Data : never

/**
 * Fetches into one entry of a keyed Loadable field (previews by position id, candle series
 * by symbol and timeframe…), with the same rules as `loadInto`.
 */
export async function loadEntryInto<State, Field extends LoadableRecordKeys<State>>(
  store: StoreApi<State>,
  field: Field,
  key: string,
  fetcher: () => Promise<EntryDataOf<State[Field]>>,
): Promise<void> {
  const update = (patch: Partial<Loadable<unknown>>) => {
    const record = store.getState()[field] as Record<string, Loadable<unknown>>
    const current = record[key] ?? notLoaded<unknown>()
    store.setState({
      [field]: { ...record, [key]: { ...current, ...patch } },
    } as unknown as Partial<State>)
  }
  update({ isLoading: true, error: null })
  try {
    const data = await fetcher()
    update({ data, isLoading: false, error: null })
  } catch (error) {
    update({ isLoading: false, error: describeError(error) })
  }
}
