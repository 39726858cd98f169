import type { FastifyServerOptions } from 'fastify'

type CompilersFactory = NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>

/** Describes where a route schema was found, for the refusal below. */
function refuse(route: { method: string; url: string }, part: string): never {
  throw new Error(
    `fastify route schemas are not compiled in this server: method=${route.method} url=${route.url} part=${part}. ` +
      "Validate with the contract's zod schema in the handler instead.",
  )
}

/**
 * Fastify's schema compilers replaced by ones that refuse every schema. Routes are validated
 * with the contract's zod schemas, so fastify never needs ajv or fast-json-stringify; without
 * this, creating the server loads and sets up both (about a tenth of a second of `serve`).
 * A route that does declare a schema fails at registration, naming the route.
 */
export const SCHEMALESS_COMPILERS = {
  buildValidator: () => (route: RouteSchemaDefinition) =>
    refuse(route, route.httpPart ?? 'validation'),
  buildSerializer: () => (route: RouteSchemaDefinition) =>
    refuse(route, `response ${route.httpStatus ?? ''}`.trim()),
  // fastify types the factories after ajv's compile signatures; at run time each compiler
  // receives the route definition declared above.
} as unknown as CompilersFactory

/** What fastify passes a schema compiler for one route part. */
interface RouteSchemaDefinition {
  method: string
  url: string
  httpPart?: string
  httpStatus?: string
}
