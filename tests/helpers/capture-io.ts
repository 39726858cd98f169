import type { CliIo } from '../../src-main/cli/cli-io'

/** A CliIo that records what a command printed. */
export function captureIo(env: Record<string, string | undefined> = {}): CliIo & {
  stdout: string[]
  stderr: string[]
} {
  const stdout: string[] = []
  const stderr: string[] = []
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line), env }
}
