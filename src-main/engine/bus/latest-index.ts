import { isExpired, type AnyMessage } from './message'
import { symbolOf } from './message-history'
import type { Topic } from './topics'

interface Slot {
  latest: AnyMessage | undefined
  bySymbol: Map<string, AnyMessage>
}

interface TopicSlots {
  any: Slot
  bySource: Map<string, Slot>
}

function emptySlot(): Slot {
  return { latest: undefined, bySymbol: new Map() }
}

/**
 * The most recent message per topic, per (topic, source), per (topic, symbol) and per
 * (topic, source, symbol), so `latest` is a couple of map lookups whatever the history size.
 */
export class LatestIndex {
  private readonly topics = new Map<Topic, TopicSlots>()

  /** Records a newly published message as the latest of its keys. */
  record(message: AnyMessage): void {
    let slots = this.topics.get(message.topic)
    if (slots === undefined) {
      slots = { any: emptySlot(), bySource: new Map() }
      this.topics.set(message.topic, slots)
    }
    let sourceSlot = slots.bySource.get(message.source)
    if (sourceSlot === undefined) {
      sourceSlot = emptySlot()
      slots.bySource.set(message.source, sourceSlot)
    }
    slots.any.latest = message
    sourceSlot.latest = message
    const symbol = symbolOf(message)
    if (symbol !== undefined) {
      slots.any.bySymbol.set(symbol, message)
      sourceSlot.bySymbol.set(symbol, message)
    }
  }

  /**
   * Returns the most recently published message for the keys, or undefined when there is
   * none or it has expired: an expired newest message means the information is stale, so
   * an older one is not offered in its place.
   */
  find(
    topic: Topic,
    source: string | undefined,
    symbol: string | undefined,
    nowMs: number,
  ): AnyMessage | undefined {
    const slots = this.topics.get(topic)
    if (slots === undefined) return undefined
    const slot = source === undefined ? slots.any : slots.bySource.get(source)
    if (slot === undefined) return undefined
    const message = symbol === undefined ? slot.latest : slot.bySymbol.get(symbol)
    if (message === undefined || !isExpired(message, nowMs)) return message
    if (symbol === undefined) slot.latest = undefined
    else slot.bySymbol.delete(symbol)
    return undefined
  }

  /** Forgets every expired entry, so keys that stop being published do not pile up. */
  sweep(nowMs: number): void {
    for (const slots of this.topics.values()) {
      sweepSlot(slots.any, nowMs)
      for (const [source, slot] of slots.bySource) {
        sweepSlot(slot, nowMs)
        if (slot.latest === undefined && slot.bySymbol.size === 0) slots.bySource.delete(source)
      }
    }
  }

  /** How many entries are held; for memory tests and metrics. */
  get size(): number {
    let count = 0
    for (const slots of this.topics.values()) {
      count += slotSize(slots.any)
      for (const slot of slots.bySource.values()) count += slotSize(slot)
    }
    return count
  }
}

function sweepSlot(slot: Slot, nowMs: number): void {
  if (slot.latest !== undefined && isExpired(slot.latest, nowMs)) slot.latest = undefined
  for (const [symbol, message] of slot.bySymbol) {
    if (isExpired(message, nowMs)) slot.bySymbol.delete(symbol)
  }
}

function slotSize(slot: Slot): number {
  return (slot.latest === undefined ? 0 : 1) + slot.bySymbol.size
}
