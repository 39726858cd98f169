/** Where a command writes, so tests can capture it. */
export interface CliIo {
  out: (line: string) => void
  err: (line: string) => void
  env: Readonly<Record<string, string | undefined>>
  /** Resolves when a long-running command (serve) should stop: SIGINT/SIGTERM in the real CLI. */
  waitForStop?: () => Promise<void>
  /** Wall-clock time for naming replay runs. */
  now?: () => number
}

/** Parsed `--flag value` options and positional words. */
export interface ParsedArgs {
  positional: string[]
  flags: Map<string, string[]>
}

/** Splits argv into positional words and repeatable `--name value` / `--name=value` flags. */
export function parseArgs(
  argv: readonly string[],
  booleanFlags: ReadonlySet<string> = new Set(),
): ParsedArgs {
  const positional: string[] = []
  const flags = new Map<string, string[]>()
  const add = (name: string, value: string) => flags.set(name, [...(flags.get(name) ?? []), value])
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (inline !== undefined) add(name, inline)
    else if (booleanFlags.has(name)) add(name, 'true')
    else {
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--'))
        throw new UsageError(`--${name} needs a value`)
      add(name, next)
      index++
    }
  }
  return { positional, flags }
}

/** A mistake in how the command was called; printed with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

/** Returns the last value of a flag, or undefined. */
export function flagValue(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1)
}

/** Returns a flag's value when it is one of `choices`, `fallback` when absent; refuses others. */
export function flagChoice<T extends string, F extends T | null>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: F,
): T | F {
  const value = flagValue(args, name)
  if (value === undefined) return fallback
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be ${choices.join(', ')}, got ${value}`)
  }
  return value as T
}

/** Refuses a flag the command does not take (a typo such as `--prot` would be ignored). */
export function refuseUnknownFlags(args: ParsedArgs, command: string, known: readonly string[]) {
  for (const name of args.flags.keys()) {
    if (name === 'help' || known.includes(name)) continue
    const takes = known.length === 0 ? 'no options' : known.map((each) => `--${each}`).join(', ')
    throw new UsageError(`unknown option --${name} for ${command} (it takes ${takes})`)
  }
}
