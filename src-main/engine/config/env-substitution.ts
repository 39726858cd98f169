/** A `${VAR}` or `${VAR:-default}` reference inside a config string. */
const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g
const WHOLE_REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/

export interface SubstitutionResult {
  value: unknown
  /** Variables referenced without a default that are not set. */
  missing: string[]
}

/**
 * Replaces environment references in every string of a parsed YAML tree. A string that is
 * exactly one reference takes the variable's type after coercion ("8080" → 8080,
 * "true" → true), so `${PORT:-8080}` can fill a numeric field. An unset variable without a
 * default becomes null when it is the whole value and "" inside a longer string.
 */
export function substituteEnv(
  tree: unknown,
  env: Readonly<Record<string, string | undefined>>,
): SubstitutionResult {
  const missing = new Set<string>()

  const lookup = (name: string, fallback: string | undefined): string | undefined => {
    const value = env[name]
    if (value !== undefined && value !== '') return value
    if (fallback !== undefined) return fallback
    missing.add(name)
    return undefined
  }

  const visit = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const whole = WHOLE_REFERENCE.exec(node)
      if (whole) {
        const value = lookup(whole[1] as string, whole[2])
        return value === undefined ? null : coerceScalar(value)
      }
      return node.replace(REFERENCE, (_match, name: string, fallback?: string) => {
        return lookup(name, fallback) ?? ''
      })
    }
    if (Array.isArray(node)) return node.map(visit)
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)]))
    }
    return node
  }

  return { value: visit(tree), missing: [...missing].sort() }
}

/**
 * Turns a string from the environment into the number or boolean it spells (seed 001 v1.3
 * "type coercion"); anything else stays a string, and "" stays "".
 */
export function coerceScalar(raw: string): string | number | boolean {
  const trimmed = raw.trim()
  if (trimmed === 'true') return true
  if (trimmed === 'false') return false
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed)) {
    const numeric = Number(trimmed)
    if (Number.isFinite(numeric)) return numeric
  }
  return raw
}
