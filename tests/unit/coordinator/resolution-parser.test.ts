import { describe, expect, it } from 'vitest'
import { extractJsonObject, parseResolution } from '../../../src-main/engine/coordinator'

describe('parseResolution', () => {
  it.each([
    {
      name: 'plain JSON',
      text: '{"action":"proceed","confidence":0.8,"reasoning":"TA is stronger"}',
    },
    {
      name: 'a json code fence',
      text: 'Here you go:\n```json\n{"action": "proceed", "confidence": 0.8, "reasoning": "TA is stronger"}\n```\nGood luck.',
    },
    {
      name: 'a bare code fence',
      text: '```\n{"action":"proceed","confidence":0.8,"reasoning":"TA is stronger"}\n```',
    },
    {
      name: 'prose around the object, braces inside strings',
      text: 'I think {"action":"PROCEED","confidence":"0.8","reasoning":"TA is stronger"} is right',
    },
  ])('reads $name', ({ text }) => {
    const result = parseResolution(text)
    expect(result).toEqual({
      ok: true,
      resolution: {
        action: 'proceed',
        confidence: 0.8,
        reasoning: 'TA is stronger',
        modifications: null,
      },
    })
  })

  it('reads a modify with modifications and drops unknown keys', () => {
    expect(
      parseResolution(
        '{"action":"modify","confidence":0.6,"reasoning":"halve it","modifications":{"position_size_pct":5,"leverage":1,"mood":"bold"}}',
      ),
    ).toEqual({
      ok: true,
      resolution: {
        action: 'modify',
        confidence: 0.6,
        reasoning: 'halve it',
        modifications: { position_size_pct: 5, leverage: 1 },
      },
    })
  })

  it('keeps braces inside strings out of the object boundary', () => {
    expect(extractJsonObject('x {"reasoning":"a } b \\" {","n":{"m":1}} y')).toBe(
      '{"reasoning":"a } b \\" {","n":{"m":1}}',
    )
  })

  it.each([
    { name: 'no JSON', text: 'I would wait.', error: 'no JSON object in the answer' },
    { name: 'an unclosed object', text: '{"action":"wait"', error: 'no JSON object in the answer' },
    { name: 'invalid JSON', text: "{'action':'wait'}", error: 'invalid JSON' },
    {
      name: 'an unknown action',
      text: '{"action":"yolo","confidence":0.9}',
      error: 'field=action',
    },
    {
      name: 'a confidence out of range',
      text: '{"action":"wait","confidence":7}',
      error: 'field=confidence',
    },
    {
      name: 'a missing confidence',
      text: '{"action":"wait","reasoning":"x"}',
      error: 'field=confidence',
    },
    // Number() would read null, "", " " and false as 0, true as 1 and [0.9] as 0.9.
    ...['null', '""', '" "', 'true', 'false', '[0.9]', '{}', '"high"'].map((value) => ({
      name: `confidence ${value} on a proceed`,
      text: `{"action":"proceed","confidence":${value},"reasoning":"x"}`,
      error: 'field=confidence',
    })),
    {
      name: 'a modify without modifications',
      text: '{"action":"modify","confidence":0.5,"reasoning":"x"}',
      error: 'action=modify without modifications',
    },
    {
      name: 'a modify whose modifications are all unknown',
      text: '{"action":"modify","confidence":0.5,"modifications":{"mood":"bold"}}',
      error: 'action=modify without modifications',
    },
    {
      name: 'a modification of the wrong type',
      text: '{"action":"modify","confidence":0.5,"modifications":{"leverage":"lots"}}',
      error: 'field=modifications.leverage',
    },
  ])('rejects $name', ({ text, error }) => {
    const result = parseResolution(text)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toContain(error)
  })
})
