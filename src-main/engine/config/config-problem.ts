import type { z } from 'zod'

/** One thing wrong with one config file, written for a person to fix. */
export interface ConfigProblem {
  file: string
  /** Dotted key path inside the file, empty for the whole file. */
  path: string
  message: string
}

/** Formats a problem as `file: key.path: expected …, got …`. */
export function formatProblem(problem: ConfigProblem): string {
  return problem.path
    ? `${problem.file}: ${problem.path}: ${problem.message}`
    : `${problem.file}: ${problem.message}`
}

/** Thrown by `loadConfig` when any file is invalid; carries every problem found. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`invalid configuration:\n${problems.map(formatProblem).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Converts zod issues into problems that say what was expected and what was found. */
export function problemsFromZod(
  file: string,
  issues: readonly z.core.$ZodIssue[],
): ConfigProblem[] {
  return issues.map((issue) => {
    const path = issue.path.map(String).join('.')
    const found = 'input' in issue ? describeValue(issue.input) : undefined
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.join(', ')
      return { file, path, message: `unknown key${issue.keys.length > 1 ? 's' : ''} ${keys}` }
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { file, path, message: `${expectedText(issue)}, but the key is missing` }
    }
    const message =
      found === undefined ? expectedText(issue) : `${expectedText(issue)}, got ${found}`
    return { file, path, message }
  })
}

function expectedText(issue: z.core.$ZodIssue): string {
  if (issue.message.startsWith('expected')) return issue.message
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`
  }
  return issue.message
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return 'a list'
  return 'an object'
}
