const MIN_CAPACITY = 16

/**
 * A double-ended queue on a growable ring buffer: push, shift and pop in O(1), indexed
 * reads from either end. It shrinks back when emptied, so a burst does not pin memory.
 */
export class Deque<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY)
  private head = 0
  private count = 0

  /** How many items it holds. */
  get size(): number {
    return this.count
  }

  /** Adds an item at the back. */
  push(item: T): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2)
    this.items[(this.head + this.count) & (this.items.length - 1)] = item
    this.count++
  }

  /** Removes and returns the front item, or undefined when empty. */
  shift(): T | undefined {
    if (this.count === 0) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined
    this.head = (this.head + 1) & (this.items.length - 1)
    this.count--
    if (this.count === 0) this.reset()
    return item
  }

  /** Returns the front item without removing it. */
  peekFront(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head]
  }

  /** Returns the item `offset` places from the front (0 = front), or undefined. */
  at(offset: number): T | undefined {
    if (offset < 0 || offset >= this.count) return undefined
    return this.items[(this.head + offset) & (this.items.length - 1)]
  }

  /** Removes every item. */
  clear(): void {
    this.items = new Array<T | undefined>(MIN_CAPACITY)
    this.reset()
  }

  /** The slots allocated; for memory tests. */
  get capacity(): number {
    return this.items.length
  }

  private reset(): void {
    this.head = 0
    this.count = 0
    if (this.items.length > MIN_CAPACITY * 64) this.items = new Array<T | undefined>(MIN_CAPACITY)
  }

  private resize(capacity: number): void {
    const next = new Array<T | undefined>(capacity)
    for (let i = 0; i < this.count; i++)
      next[i] = this.items[(this.head + i) & (this.items.length - 1)]
    this.items = next
    this.head = 0
  }
}
