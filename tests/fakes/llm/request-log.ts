import type { FakeMessage, FakeProvider } from './fake-llm-request'

/** Header names whose values are secrets; the log keeps that they were sent, not their value. */
const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key', 'cookie'])

/** The value that replaces a secret header in the log. */
export const REDACTED = '[redacted]'

/** One request as a fake server saw it. */
export interface LoggedRequest {
  readonly provider: FakeProvider
  readonly method: string
  readonly path: string
  /** Request headers, names lower-cased, secrets replaced by {@link REDACTED}. */
  readonly headers: Readonly<Record<string, string>>
  /** The parsed JSON body, the raw text when it is not JSON, undefined when empty. */
  readonly body: unknown
  /** The model named in the body, when there is one. */
  model?: string
  /** The messages of a generation request, when the body was valid. */
  messages?: readonly FakeMessage[]
  /** The HTTP status answered (undefined while pending or when the client left first). */
  status?: number
}

/** Returns a copy of `headers` with secret values replaced by {@link REDACTED}. */
export const redactHeaders = (headers: Record<string, string>): Record<string, string> => {
  const copy: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value
  }
  return copy
}

/** The requests a fake server received, oldest first, for assertions. */
export class RequestLog {
  private readonly entries: LoggedRequest[] = []

  /** Appends an entry and returns it so the server can fill in model, messages and status. */
  add(entry: LoggedRequest): LoggedRequest {
    this.entries.push(entry)
    return entry
  }

  /** Returns every logged request, oldest first. */
  all(): readonly LoggedRequest[] {
    return [...this.entries]
  }

  /** Returns the requests to one path, e.g. `/v1/chat/completions`. */
  forPath(path: string): readonly LoggedRequest[] {
    return this.entries.filter((entry) => entry.path === path)
  }

  /** Returns the requests that named `model`. */
  forModel(model: string): readonly LoggedRequest[] {
    return this.entries.filter((entry) => entry.model === model)
  }

  /** Returns the newest request; throws when none was received. */
  last(): LoggedRequest {
    const entry = this.entries.at(-1)
    if (!entry) throw new Error('no request received')
    return entry
  }

  /** Returns how many requests were logged. */
  get size(): number {
    return this.entries.length
  }

  /** Forgets every entry. */
  clear(): void {
    this.entries.length = 0
  }
}
