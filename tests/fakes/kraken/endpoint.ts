import type { z } from 'zod'
import type { RequestParams } from './request-params'
import { parseParams } from './request-schemas'

/** One Kraken method: validates its parameters, then answers with the `result` value. */
export interface Endpoint {
  run(params: RequestParams): unknown
}

/** Returns an endpoint that parses parameters with `schema` before calling `handle`. */
export function endpoint<S extends z.ZodType>(
  schema: S,
  handle: (params: z.infer<S>) => unknown,
): Endpoint {
  return { run: (params) => handle(parseParams(schema, params)) }
}

/** Kraken's system statuses (GET /0/public/SystemStatus). */
export type SystemStatus = 'online' | 'maintenance' | 'cancel_only' | 'post_only'
