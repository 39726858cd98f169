import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { SCHEMALESS_COMPILERS } from '../../../../src-main/transport/http/schemaless-compilers'

const server = () => Fastify({ schemaController: { compilersFactory: SCHEMALESS_COMPILERS } })

describe('SCHEMALESS_COMPILERS', () => {
  it('serves routes without schemas as usual', async () => {
    const app = server()
    app.post('/echo', async (request) => ({ got: request.body }))
    const response = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })
    expect(response.json()).toEqual({ got: { a: 1 } })
    await app.close()
  })

  it('refuses a route declaring a body schema, naming the route and the part', async () => {
    const app = server()
    app.post('/orders', { schema: { body: { type: 'object' } } }, async () => ({}))
    await expect(app.ready()).rejects.toThrow(
      /schemas are not compiled in this server: method=POST url=\/orders part=body/,
    )
  })

  it('refuses a route declaring a response schema', async () => {
    const app = server()
    app.get('/status', { schema: { response: { 200: { type: 'object' } } } }, async () => ({}))
    await expect(app.ready()).rejects.toThrow(/method=GET url=\/status part=response 200/)
  })
})
