const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * Makes Kraken-shaped identifiers ("OQCLML-BW3P3-BUCMWZ": a prefix letter, then 5-5-6
 * characters). A seeded generator keeps runs repeatable; `reset` starts the sequence again.
 */
export class IdGenerator {
  private state: number

  constructor(private readonly seed = 0x2f6b_1a3d) {
    this.state = seed
  }

  /** Returns the next order id ("O…"). */
  orderId(): string {
    return this.next('O')
  }

  /** Returns the next trade id ("T…"). */
  tradeId(): string {
    return this.next('T')
  }

  /** Returns the next position id, which Kraken also writes with a "T" prefix. */
  positionId(): string {
    return this.next('T')
  }

  /** Returns the next amend id, which Kraken writes with a "T" prefix too. */
  amendId(): string {
    return this.next('T')
  }

  /** Starts the sequence again from the seed. */
  reset(): void {
    this.state = this.seed
  }

  private next(prefix: string): string {
    const chars = Array.from({ length: 16 }, () => ALPHABET[this.random() % ALPHABET.length])
    return `${prefix}${chars.slice(0, 5).join('')}-${chars.slice(5, 10).join('')}-${chars.slice(10).join('')}`
  }

  // xorshift32: small, deterministic and good enough for unique-looking ids.
  private random(): number {
    let x = this.state
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    this.state = x >>> 0
    return this.state
  }
}
