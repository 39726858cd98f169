/**
 * Items (positions, orders) the engine pushed while a load of their list was out. The
 * answer may have been read before those changes, so it would undo them: once no load is
 * out, they are folded in again over it.
 */
export class PushesDuringLoad<T extends { readonly id: string }> {
  private loadsOut = 0
  private readonly pushed = new Map<string, T>()

  /** Notes pushed items (the newest of each wins); nothing while no load is out. */
  note(item: T): void {
    if (this.loadsOut > 0) this.pushed.set(item.id, item)
  }

  /** Runs `load`; once no load is out any more, hands what was pushed meanwhile to `reapply`. */
  async around(load: () => Promise<void>, reapply: (items: T[]) => void): Promise<void> {
    this.loadsOut++
    try {
      await load()
    } finally {
      this.loadsOut--
      if (this.loadsOut === 0 && this.pushed.size > 0) {
        const again = [...this.pushed.values()]
        this.pushed.clear()
        reapply(again)
      }
    }
  }

  clear(): void {
    this.pushed.clear()
  }
}
