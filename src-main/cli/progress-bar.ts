/** Where a progress bar draws; a TTY redraws one line, anything else gets a line per step. */
export interface ProgressOutput {
  write(text: string): void
  isTTY?: boolean
}

/**
 * A text progress bar for long CLI work. On a terminal it redraws one line; in logs (CI) it
 * prints a line each time another `logEveryPct` percent is done, so output stays short.
 */
export class ProgressBar {
  private lastLoggedPct = -1
  private lastDrawn = ''

  constructor(
    private readonly label: string,
    private readonly output: ProgressOutput,
    private readonly width = 30,
    private readonly logEveryPct = 10,
  ) {}

  /** Shows `done` of `total`, with an optional note such as a rate. */
  update(done: number, total: number, note = ''): void {
    const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1
    const pct = Math.floor(fraction * 100)
    if (this.output.isTTY) {
      const filled = Math.round(fraction * this.width)
      const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`
      const line = `\r${this.label} ${bar} ${String(pct).padStart(3)}% ${done}/${total}${note ? ` ${note}` : ''}`
      if (line !== this.lastDrawn) this.output.write(line)
      this.lastDrawn = line
      return
    }
    const step = Math.floor(pct / this.logEveryPct) * this.logEveryPct
    if (step > this.lastLoggedPct) {
      this.lastLoggedPct = step
      // The percent done, not the step crossed: updates coarser than a step would skip some.
      this.output.write(`${this.label} ${pct}% (${done}/${total})${note ? ` ${note}` : ''}\n`)
    }
  }

  /** Ends the bar's line on a terminal. */
  finish(): void {
    if (this.output.isTTY && this.lastDrawn) this.output.write('\n')
  }
}
