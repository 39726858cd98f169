import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  describeIssues,
  outputJsonSchema,
  parseJsonText,
  repairInstruction,
} from '../../../src-main/engine/llm/json-output'

describe('parseJsonText', () => {
  it.each<[string, string, unknown]>([
    ['plain JSON', '{"a":1}', { a: 1 }],
    ['surrounded by spaces', '  {"a":1}\n', { a: 1 }],
    ['in a json code fence', 'Here:\n```json\n{"a":2}\n```\nDone.', { a: 2 }],
    ['in a bare code fence', '```\n{"a":3}\n```', { a: 3 }],
    ['with prose around it', 'Sure! {"a":4} Hope that helps.', { a: 4 }],
  ])('reads %s', (_label, text, expected) => {
    expect(parseJsonText(text)).toEqual({ ok: true, value: expected })
  })

  it.each<[string, string, RegExp]>([
    ['empty text', '', /no JSON object/],
    ['prose only', 'I cannot answer that.', /not valid JSON|no JSON object/],
    [
      'a cut-off object',
      '{"action": "BUY", "confidence": 0.8, "reasoning": "momentum is',
      /not valid JSON/,
    ],
  ])('refuses %s', (_label, text, reason) => {
    const result = parseJsonText(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toMatch(reason)
  })
})

describe('describeIssues', () => {
  it('lists path and message of each issue, at most the limit', () => {
    const schema = z.object({ a: z.number(), b: z.object({ c: z.string() }) })
    const error = schema.safeParse({ a: 'x', b: { c: 1 } }).error
    expect(error).toBeDefined()
    const text = describeIssues(error as z.ZodError)
    expect(text).toMatch(/^a: .*; b\.c: /)
    expect(describeIssues(error as z.ZodError, 1)).not.toContain(';')
  })

  it('names the root when the value itself is wrong', () => {
    const error = z.object({}).safeParse(5).error as z.ZodError
    expect(describeIssues(error)).toMatch(/^\(root\): /)
  })
})

describe('outputJsonSchema', () => {
  it('shows the input side without the dialect key', () => {
    const schema = z.object({
      price: z.union([z.number(), z.string()]).transform(String),
      leverage: z.number().default(1),
    })
    const spec = outputJsonSchema('Thing', schema)
    expect(spec.name).toBe('Thing')
    expect(spec.schema).not.toHaveProperty('$schema')
    expect(spec.schema).toMatchObject({ type: 'object', required: ['price'] })
  })
})

describe('repairInstruction', () => {
  it('quotes the problem and asks for JSON only', () => {
    const text = repairInstruction('confidence: expected number')
    expect(text).toContain('confidence: expected number')
    expect(text).toMatch(/only the corrected JSON object/)
  })
})
