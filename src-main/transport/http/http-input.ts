import { z } from 'zod'

/**
 * Builds a command's raw input from an HTTP request: the query string (numbers and booleans
 * coerced, since query values are always text — except fields the contract declares as
 * text, such as decimal amounts, which stay exactly as written), the JSON body and the path
 * parameters. A field may come from one of them only: `POST /positions/A/close` with
 * `{"id": "B"}` is refused, not quietly run on A. The command's zod schema validates the
 * result, always an object (`{}` when nothing was sent), so a missing field is named.
 */
export function httpInput(
  params: Record<string, string>,
  query: Record<string, unknown>,
  body: unknown,
  textFields: ReadonlySet<string> = new Set(),
): { input: Record<string, unknown> } | { error: string } {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    return { error: 'request body must be a JSON object' }
  }
  const fromBody = (body ?? {}) as Record<string, unknown>
  const sources: readonly (readonly [string, Record<string, unknown>])[] = [
    ['path', params],
    ['query string', query],
    ['body', fromBody],
  ]
  for (const [index, [where, fields]] of sources.entries()) {
    for (const [otherWhere, otherFields] of sources.slice(index + 1)) {
      const twice = Object.keys(fields).find((key) => Object.hasOwn(otherFields, key))
      if (twice !== undefined) {
        return { error: `${twice}: sent in both the ${where} and the ${otherWhere}; send it once` }
      }
    }
  }
  const fromQuery = Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      typeof value === 'string' && !textFields.has(key) ? coerceQueryValue(value) : value,
    ]),
  )
  return { input: { ...fromQuery, ...fromBody, ...params } }
}

/**
 * Returns the input fields a command's schema declares as text only. Their query values must
 * not become numbers: `size=0.00000001` would turn into 1e-8, and an id `123` into a number.
 */
export function textFieldsOf(input: z.ZodType): ReadonlySet<string> {
  const described = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { type?: unknown }>
  }
  return new Set(
    Object.entries(described.properties ?? {})
      .filter(([, field]) => field.type === 'string')
      .map(([name]) => name),
  )
}

function coerceQueryValue(value: string): string | number | boolean {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value)
  return value
}
