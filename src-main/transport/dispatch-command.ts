import { randomUUID } from 'node:crypto'
import type { z } from 'zod'
import { COMMANDS, type CommandName } from '../../src-shared/contract'
import { CommandError, fail, ok, type Result } from '../../src-shared/result'
import type { Logger } from '../engine/logging/logger'
import type { CommandHandlers } from './command-handlers'

/** Describes zod issues as `field: problem; field: problem` for a person to read. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.')
      return path ? `${path}: ${issue.message}` : issue.message
    })
    .join('; ')
}

/**
 * Validates raw input against the command's schema, runs its handler and returns a Result.
 * Handler refusals ({@link CommandError}) keep their code and message; anything unexpected is
 * logged with a reference id and crosses the boundary as a generic INTERNAL error — never a stack.
 */
export async function dispatchCommand(
  handlers: CommandHandlers,
  name: string,
  rawInput: unknown,
  logger: Logger,
): Promise<Result<unknown>> {
  if (!Object.hasOwn(COMMANDS, name)) return fail('NOT_FOUND', `unknown command ${name}`)
  const commandName = name as CommandName
  const definition = COMMANDS[commandName]
  try {
    const parsed = definition.input.safeParse(rawInput ?? undefined)
    if (!parsed.success) {
      return fail(
        'BAD_REQUEST',
        `invalid input for ${commandName}: ${describeIssues(parsed.error.issues)}`,
      )
    }
    const handler = handlers[commandName] as (input: unknown) => Promise<unknown>
    const output = await handler(parsed.data)
    const checked = definition.output.safeParse(output)
    if (!checked.success) {
      const reference = randomUUID().slice(0, 8)
      logger.error(
        { command: commandName, reference, issues: describeIssues(checked.error.issues) },
        'command output does not match the contract',
      )
      return fail('INTERNAL', `internal error (reference ${reference})`)
    }
    return ok(checked.data)
  } catch (error) {
    if (error instanceof CommandError) return fail(error.code, error.message)
    const reference = randomUUID().slice(0, 8)
    logger.error({ command: commandName, reference, err: error }, 'command failed')
    return fail('INTERNAL', `internal error (reference ${reference})`)
  }
}
