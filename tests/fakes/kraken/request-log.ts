import type { RequestParams } from './request-params'

/** How the simulator ended a request. */
export type RequestOutcome = 'answered' | 'fault-reply' | 'lost-response' | 'aborted'

/** One request the simulator received, for test assertions. */
export interface RequestLogEntry {
  readonly sequence: number
  /** Receipt time on the simulator's clock, Unix ms. */
  readonly at: number
  readonly httpMethod: string
  readonly path: string
  readonly api: 'public' | 'private' | 'unknown'
  /** The Kraken method name ("AddOrder"), or the path when it names none. */
  readonly method: string
  readonly params: RequestParams
  status: number
  errors: readonly string[]
  outcome: RequestOutcome
  /** The message of an unexpected exception, answered as `EGeneral:Internal error`. */
  failure?: string
}

/** Every request the simulator received, in arrival order. */
export class RequestLog {
  private readonly entries: RequestLogEntry[] = []

  /** Records a new request and returns its entry, to be completed when it is answered. */
  add(entry: Omit<RequestLogEntry, 'sequence' | 'status' | 'errors' | 'outcome'>): RequestLogEntry {
    const recorded: RequestLogEntry = {
      ...entry,
      sequence: this.entries.length + 1,
      status: 0,
      errors: [],
      outcome: 'aborted',
    }
    this.entries.push(recorded)
    return recorded
  }

  /** Returns the requests, optionally only those to one Kraken method. */
  list(method?: string): RequestLogEntry[] {
    return this.entries.filter((entry) => method === undefined || entry.method === method)
  }

  /** Forgets every request. */
  clear(): void {
    this.entries.length = 0
  }
}
