import { describe, expect, it } from 'vitest'
import { openApiDocument } from '../../../../src-main/transport/http/openapi'

type Operation = {
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[]
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } }
}

function operation(path: string, method: 'get' | 'post'): Operation {
  const paths = openApiDocument('test').paths as Record<string, Record<string, Operation>>
  const found = paths[path]?.[method]
  if (found === undefined) throw new Error(`no ${method} ${path}`)
  return found
}

describe('openApiDocument', () => {
  it('describes a GET command input as query parameters with their schemas', () => {
    const { parameters, requestBody } = operation('/api/v1/orders', 'get')
    expect(requestBody).toBeUndefined()
    expect(parameters).toEqual(
      expect.arrayContaining([
        {
          name: 'status',
          in: 'query',
          required: false,
          schema: { default: 'open', type: 'string', enum: ['open', 'all'] },
        },
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
        expect.objectContaining({ name: 'symbol', in: 'query', required: false }),
      ]),
    )
  })

  it('takes path parameters out of the query and the body, with their own schemas', () => {
    const candles = operation('/api/v1/market/{symbol}/candles', 'get')
    expect(candles.parameters.filter((each) => each.in === 'path')).toEqual([
      { name: 'symbol', in: 'path', required: true, schema: { type: 'string' } },
    ])
    expect(candles.parameters.filter((each) => each.name === 'symbol')).toHaveLength(1)

    const close = operation('/api/v1/positions/{id}/close', 'post')
    expect(close.parameters).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ])
    const body = close.requestBody?.content['application/json'].schema as {
      properties: Record<string, unknown>
      required?: string[]
    }
    expect(Object.keys(body.properties)).not.toContain('id')
    expect(body.required ?? []).not.toContain('id')
  })

  it('moves a field description onto its parameter', () => {
    const preview = operation('/api/v1/positions/{id}/close-preview', 'get')
    const size = preview.parameters.find((each) => each.name === 'size')
    expect(size).toMatchObject({
      in: 'query',
      description: expect.stringContaining('Base-asset quantity'),
    })
    expect(size?.schema).not.toHaveProperty('description')
  })
})
