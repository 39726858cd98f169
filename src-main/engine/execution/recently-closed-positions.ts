import type { Position } from './position'

/**
 * The positions closed most recently, at most `limit` of them (the oldest close is dropped
 * first): a fill or a look-up for a just-closed position (the other protective order
 * filling, a late exchange report) is answered without a store read, and a long run does not
 * keep every position it ever closed.
 */
export class RecentlyClosedPositions {
  private readonly byId = new Map<string, Position>()

  constructor(private readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`recently closed positions limit must be a positive integer: got ${limit}`)
    }
  }

  /** Keeps `position` as the newest close, dropping the oldest when over the limit. */
  remember(position: Position): void {
    // Deleted first so that a position remembered again counts as the newest.
    this.byId.delete(position.id)
    this.byId.set(position.id, position)
    if (this.byId.size <= this.limit) return
    const [oldest] = this.byId.keys()
    if (oldest !== undefined) this.byId.delete(oldest)
  }

  /** Returns the remembered closed position, or undefined when it is not (or no longer) kept. */
  get(positionId: string): Position | undefined {
    return this.byId.get(positionId)
  }
}
