/**
 * Ids of positions that entry orders will open and that no store holds yet. The first fill
 * of such a position need not look for it in the store: that read would first wait for every
 * queued write (in a replay, the write-behind batch in progress). Bounded, oldest forgotten
 * first: an id forgotten (an entry that never filled, a long run) only costs that look-up.
 */
export class NewPositionIds {
  readonly #ids = new Set<string>()

  constructor(private readonly capacity: number) {}

  add(positionId: string): void {
    this.#ids.add(positionId)
    if (this.#ids.size <= this.capacity) return
    const oldest = this.#ids.values().next().value
    if (oldest !== undefined) this.#ids.delete(oldest)
  }

  has(positionId: string): boolean {
    return this.#ids.has(positionId)
  }

  /** Forgets the id: its position is stored now. */
  delete(positionId: string): void {
    this.#ids.delete(positionId)
  }
}
