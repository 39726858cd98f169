/**
 * Builds a command's raw input from an HTTP request: the query string (numbers and booleans
 * coerced, since query values are always text), then the JSON body, then path parameters.
 * The command's zod schema validates the result.
 */
export function httpInput(
  params: Record<string, string>,
  query: Record<string, unknown>,
  body: unknown,
): { input: unknown } | { error: string } {
  if (body !== undefined && body !== null && (typeof body !== 'object' || Array.isArray(body))) {
    return { error: 'request body must be a JSON object' }
  }
  const fromQuery = Object.fromEntries(
    Object.entries(query).map(([key, value]) => [
      key,
      typeof value === 'string' ? coerceQueryValue(value) : value,
    ]),
  )
  const input = { ...fromQuery, ...(body ?? {}), ...params }
  return { input: Object.keys(input).length === 0 ? undefined : input }
}

function coerceQueryValue(value: string): string | number | boolean {
  if (value === 'true') return true
  if (value === 'false') return false
  if (/^-?\d+(\.\d+)?$/.test(value) && value.length < 16) return Number(value)
  return value
}
