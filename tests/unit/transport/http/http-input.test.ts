import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { httpInput, textFieldsOf } from '../../../../src-main/transport/http/http-input'
import { COMMANDS } from '../../../../src-shared/contract'

describe('httpInput', () => {
  it('coerces query numbers and booleans, and joins them with the body and path parameters', () => {
    expect(httpInput({ id: 'pos-1' }, { limit: '5', force: 'true' }, { reason: 'x' })).toEqual({
      input: { limit: 5, force: true, id: 'pos-1', reason: 'x' },
    })
  })

  // The path used to win quietly: `POST /positions/A/close {"id": "B"}` closed A.
  it.each([
    [{ id: 'pos-1' }, { id: 'pos-2' }, undefined, 'id: sent in both the path and the query string'],
    [{ id: 'pos-1' }, {}, { id: 'pos-1' }, 'id: sent in both the path and the body'],
    [{}, { size: '1' }, { size: '2' }, 'size: sent in both the query string and the body'],
  ])('refuses a field sent twice (path %o, query %o, body %o)', (params, query, body, error) => {
    expect(httpInput(params, query, body)).toEqual({ error: `${error}; send it once` })
  })

  it('gives the schema an object even when nothing was sent, so it names a missing field', () => {
    expect(httpInput({}, {}, undefined)).toEqual({ input: {} })
    expect(httpInput({}, {}, null)).toEqual({ input: {} })
  })

  it('keeps the query values of text fields exactly as written', () => {
    const textFields = new Set(['size', 'id'])
    expect(
      httpInput({}, { size: '0.00000001', id: '123', limit: '5' }, undefined, textFields),
    ).toEqual({ input: { size: '0.00000001', id: '123', limit: 5 } })
  })

  it('refuses a body that is not a JSON object', () => {
    expect(httpInput({}, {}, [1, 2])).toEqual({ error: 'request body must be a JSON object' })
  })
})

describe('textFieldsOf', () => {
  it("returns the fields a command's input declares as text", () => {
    expect([...textFieldsOf(COMMANDS['positions:list'].input)].sort()).toEqual(['status', 'symbol'])
  })

  it('leaves out numbers, booleans and fields of several types', () => {
    const input = z.object({
      amount: z.string().optional(),
      limit: z.number(),
      isForced: z.boolean(),
      either: z.union([z.string(), z.number()]),
    })
    expect([...textFieldsOf(input)]).toEqual(['amount'])
  })
})
