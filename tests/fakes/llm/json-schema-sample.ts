type Schema = Record<string, unknown>

const MAX_DEPTH = 16

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Follows a local `$ref` such as `#/$defs/Answer` or `#/definitions/Answer`. */
const resolveRef = (root: Schema, ref: string): Schema => {
  if (!ref.startsWith('#')) throw new Error(`unsupported $ref: ref=${ref}`)
  let node: unknown = root
  for (const segment of ref.slice(1).split('/').filter(Boolean)) {
    node = isSchema(node) ? node[segment.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined
  }
  if (!isSchema(node)) throw new Error(`unresolvable $ref: ref=${ref}`)
  return node
}

const sampleNumber = (schema: Schema, isInteger: boolean): number => {
  const minimum = typeof schema.minimum === 'number' ? schema.minimum : undefined
  const exclusiveMinimum =
    typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : undefined
  const maximum = typeof schema.maximum === 'number' ? schema.maximum : undefined
  let value =
    minimum ?? (exclusiveMinimum !== undefined ? exclusiveMinimum + (isInteger ? 1 : 0.5) : 0)
  if (maximum !== undefined && value > maximum) value = maximum
  return isInteger ? Math.ceil(value) : value
}

const sample = (root: Schema, schema: Schema, depth: number): unknown => {
  if (depth > MAX_DEPTH) throw new Error('JSON schema nests too deeply for a sample')
  if (typeof schema.$ref === 'string') return sample(root, resolveRef(root, schema.$ref), depth + 1)
  if ('const' in schema) return schema.const
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0]
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = schema[key]
    if (Array.isArray(options) && isSchema(options[0])) return sample(root, options[0], depth + 1)
  }
  const type = Array.isArray(schema.type)
    ? (schema.type.find((name) => name !== 'null') ?? 'null')
    : (schema.type ?? (isSchema(schema.properties) ? 'object' : 'null'))
  switch (type) {
    case 'object': {
      const properties = isSchema(schema.properties) ? schema.properties : {}
      const required = Array.isArray(schema.required)
        ? schema.required.filter((name): name is string => typeof name === 'string')
        : Object.keys(properties)
      const result: Record<string, unknown> = {}
      for (const name of required) {
        const property = properties[name]
        result[name] = isSchema(property) ? sample(root, property, depth + 1) : null
      }
      return result
    }
    case 'array': {
      const count = typeof schema.minItems === 'number' ? schema.minItems : 0
      const items = isSchema(schema.items) ? schema.items : {}
      return Array.from({ length: count }, () => sample(root, items, depth + 1))
    }
    case 'string':
      return 'x'.repeat(typeof schema.minLength === 'number' ? schema.minLength : 0)
    case 'integer':
      return sampleNumber(schema, true)
    case 'number':
      return sampleNumber(schema, false)
    case 'boolean':
      return false
    default:
      return null
  }
}

/**
 * Returns a deterministic value that satisfies the common subset of JSON Schema that
 * structured-output requests use (objects, arrays, enums, const, bounds, local $ref):
 * the first enum member, the minimum number, the shortest string, required properties only.
 */
export const sampleFromJsonSchema = (schema: unknown): unknown =>
  isSchema(schema) ? sample(schema, schema, 0) : null
