import { describe, expect, it } from 'vitest'
import { sampleFromJsonSchema } from '../../../fakes/llm'

describe('sampleFromJsonSchema', () => {
  it.each([
    { name: 'a string', schema: { type: 'string' }, expected: '' },
    {
      name: 'a string with a minimum length',
      schema: { type: 'string', minLength: 3 },
      expected: 'xxx',
    },
    { name: 'a number with a minimum', schema: { type: 'number', minimum: 0.5 }, expected: 0.5 },
    {
      name: 'a number above an exclusive minimum',
      schema: { type: 'number', exclusiveMinimum: 1 },
      expected: 1.5,
    },
    {
      name: 'an integer capped by a maximum',
      schema: { type: 'integer', minimum: 5, maximum: 3 },
      expected: 3,
    },
    {
      name: 'an integer above an exclusive minimum',
      schema: { type: 'integer', exclusiveMinimum: 2 },
      expected: 3,
    },
    { name: 'a boolean', schema: { type: 'boolean' }, expected: false },
    { name: 'null', schema: { type: 'null' }, expected: null },
    { name: 'a nullable string', schema: { type: ['null', 'string'] }, expected: '' },
    { name: 'an enum', schema: { enum: ['HOLD', 'BUY'] }, expected: 'HOLD' },
    { name: 'a const', schema: { const: 7 }, expected: 7 },
    { name: 'anyOf', schema: { anyOf: [{ type: 'integer' }, { type: 'string' }] }, expected: 0 },
    {
      name: 'an array with minItems',
      schema: { type: 'array', items: { enum: ['a'] }, minItems: 2 },
      expected: ['a', 'a'],
    },
    { name: 'an empty schema', schema: {}, expected: null },
    { name: 'a non-object schema', schema: true, expected: null },
  ])('samples $name', ({ schema, expected }) => {
    expect(sampleFromJsonSchema(schema)).toEqual(expected)
  })

  it('fills the required properties of an object only', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' }, c: { type: 'boolean' } },
      required: ['a', 'c'],
    }

    expect(sampleFromJsonSchema(schema)).toEqual({ a: '', c: false })
  })

  it('fills every property when required is absent, null for a property without schema', () => {
    expect(sampleFromJsonSchema({ properties: { a: { type: 'integer' } } })).toEqual({ a: 0 })
    expect(sampleFromJsonSchema({ type: 'object', properties: { a: 1 }, required: ['a'] })).toEqual(
      { a: null },
    )
  })

  it('follows local $refs in $defs and definitions', () => {
    const schema = {
      type: 'object',
      properties: { level: { $ref: '#/$defs/Level' }, side: { $ref: '#/definitions/Side' } },
      required: ['level', 'side'],
      $defs: { Level: { type: 'object', properties: { price: { type: 'string', minLength: 1 } } } },
      definitions: { Side: { enum: ['long', 'short'] } },
    }

    expect(sampleFromJsonSchema(schema)).toEqual({ level: { price: 'x' }, side: 'long' })
  })

  it.each([
    {
      name: 'a remote $ref',
      schema: { $ref: 'https://example.com/schema.json' },
      message: /unsupported \$ref/,
    },
    { name: 'a dangling $ref', schema: { $ref: '#/$defs/Missing' }, message: /unresolvable \$ref/ },
    { name: 'a recursive $ref', schema: { $ref: '#' }, message: /nests too deeply/ },
  ])('refuses $name', ({ schema, message }) => {
    expect(() => sampleFromJsonSchema(schema)).toThrow(message)
  })
})
