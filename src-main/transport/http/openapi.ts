import { z } from 'zod'
import { COMMAND_NAMES, COMMANDS } from '../../../src-shared/contract'

/** Builds the OpenAPI 3.1 description of the REST API from the command contract. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const name of COMMAND_NAMES) {
    const { http, input, output, summary } = COMMANDS[name]
    const path = `/api/v1${http.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`
    const pathParams = [...http.path.matchAll(/:([a-zA-Z]+)/g)].map((match) => match[1] as string)
    const inputSchema = z.toJSONSchema(input, {
      io: 'input',
      unrepresentable: 'any',
    }) as ObjectSchema
    const fields = splitFields(inputSchema, pathParams)
    const operation: Record<string, unknown> = {
      operationId: name.replace(':', '_'),
      summary,
      parameters: [
        ...fields.path.map((field) => parameter(field, 'path')),
        // A GET takes its input from the query string (see httpInput).
        ...(http.method === 'GET' ? fields.rest.map((field) => parameter(field, 'query')) : []),
      ],
      responses: {
        '200': {
          description: 'OK',
          content: {
            'application/json': { schema: z.toJSONSchema(output, { unrepresentable: 'any' }) },
          },
        },
        default: {
          description: 'Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    }
    if (http.method !== 'GET') {
      operation.requestBody = {
        required: false,
        content: { 'application/json': { schema: bodySchema(inputSchema, pathParams) } },
      }
    }
    paths[path] = { ...paths[path], [http.method.toLowerCase()]: operation }
  }
  return {
    openapi: '3.1.0',
    info: { title: 'TripleGain engine API', version },
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
  }
}

/** A command input's JSON schema when it is an object (every command's is, or empty). */
interface ObjectSchema {
  readonly [keyword: string]: unknown
  readonly properties?: Record<string, Record<string, unknown>>
  readonly required?: readonly string[]
}

/** One input field: its name, whether it must be given, and its schema. */
interface Field {
  readonly name: string
  readonly isRequired: boolean
  readonly schema: Record<string, unknown>
}

/** The input's fields in the path (in path order) and the rest (query or body). */
function splitFields(
  schema: ObjectSchema,
  pathParams: readonly string[],
): { path: Field[]; rest: Field[] } {
  const properties = schema.properties ?? {}
  const required = new Set(schema.required ?? [])
  const field = (name: string): Field => ({
    name,
    // A path parameter is always there, whatever the schema says.
    isRequired: pathParams.includes(name) || required.has(name),
    schema: properties[name] ?? { type: 'string' },
  })
  return {
    path: pathParams.map(field),
    rest: Object.keys(properties)
      .filter((name) => !pathParams.includes(name))
      .map(field),
  }
}

/** An OpenAPI parameter object; a field's description moves up to the parameter. */
function parameter(field: Field, where: 'path' | 'query'): Record<string, unknown> {
  const { description, ...schema } = field.schema
  return {
    name: field.name,
    in: where,
    required: field.isRequired,
    ...(typeof description === 'string' ? { description } : {}),
    schema,
  }
}

/** The request body's schema: the input without the fields the path carries. */
function bodySchema(schema: ObjectSchema, pathParams: readonly string[]): Record<string, unknown> {
  if (pathParams.length === 0) return schema
  const properties = Object.fromEntries(
    Object.entries(schema.properties ?? {}).filter(([name]) => !pathParams.includes(name)),
  )
  const required = (schema.required ?? []).filter((name) => !pathParams.includes(name))
  const body: Record<string, unknown> = { ...schema, properties }
  if (required.length > 0) body.required = required
  else delete body.required
  return body
}
