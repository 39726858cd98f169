import { z } from 'zod'

/**
 * Builds a command's raw input from an HTTP request: the query string (numbers and booleans
 * coerced, since query values are always text — except fields the contract declares as
 * text, such as decimal amounts, which stay exactly as written), then the JSON body, then
 * path parameters. The command's zod schema validates the result.
 */
export function httpInput(
  params: Record<string, string>,
  query: Record<string, unknown>,
  body: unknown,
  textFields: ReadonlySet<string> = new Set(),
): { input: unknown } | { error: string } {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    return { error: 'request body must be a JSON object' }
  }
  const fromQuery = Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      typeof value === 'string' && !textFields.has(key) ? coerceQueryValue(value) : value,
    ]),
  )
  const input = { ...fromQuery, ...(body ?? {}), ...params }
  return { input: Object.keys(input).length === 0 ? undefined : input }
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
