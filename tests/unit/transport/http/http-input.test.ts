import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { httpInput, textFieldsOf } from '../../../../src-main/transport/http/http-input'
import { COMMANDS } from '../../../../src-shared/contract'

describe('httpInput', () => {
  it('coerces query numbers and booleans, then lets the body and path parameters win', () => {
    expect(
      httpInput({ id: 'pos-1' }, { limit: '5', force: 'true', id: 'other' }, { reason: 'x' }),
    ).toEqual({ input: { limit: 5, force: true, id: 'pos-1', reason: 'x' } })
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
