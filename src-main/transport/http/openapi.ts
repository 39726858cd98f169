import { z } from 'zod'
import { COMMAND_NAMES, COMMANDS } from '../../../src-shared/contract'

/** Builds the OpenAPI 3.1 description of the REST API from the command contract. */
export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const name of COMMAND_NAMES) {
    const { http, input, output, summary } = COMMANDS[name]
    const path = `/api/v1${http.path.replace(/:([a-zA-Z]+)/g, '{$1}')}`
    const pathParams = [...http.path.matchAll(/:([a-zA-Z]+)/g)].map((match) => match[1] as string)
    const inputSchema = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' })
    const operation: Record<string, unknown> = {
      operationId: name.replace(':', '_'),
      summary,
      parameters: pathParams.map((param) => ({
        name: param,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
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
    if (http.method === 'GET') operation['x-query-schema'] = inputSchema
    else
      operation.requestBody = {
        required: false,
        content: { 'application/json': { schema: inputSchema } },
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
