/** Fails loudly when a union gains a member a switch does not handle. */
export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`)
}
