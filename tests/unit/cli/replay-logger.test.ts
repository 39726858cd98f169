import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { replayLogger } from '../../../src-main/cli/replay-logger'

const logFile = () => join(mkdtempSync(join(tmpdir(), 'tg-replay-log-')), 'replay.log')
const linesOf = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as { level: number; msg: string; breaker?: string })

describe('replay logger', () => {
  it('keeps info and above in the run folder and shows only errors on the terminal, in words', () => {
    const path = logFile()
    const terminal: string[] = []
    const logger = replayLogger(path, undefined, (line) => terminal.push(line))
    logger.debug('not kept at the default level')
    logger.info('engine ready')
    logger.warn({ breaker: 'volatility' }, 'risk circuit breaker extended')
    logger.error({ err: new Error('boom') }, 'could not store agent output')
    expect(linesOf(path).map((line) => line.msg)).toEqual([
      'engine ready',
      'risk circuit breaker extended',
      'could not store agent output',
    ])
    expect(linesOf(path)[1]?.breaker).toBe('volatility')
    expect(terminal).toEqual([`error: could not store agent output (details in ${path})`])
  })

  it('follows the level asked for, silent included', () => {
    const debugPath = logFile()
    replayLogger(debugPath, 'debug', () => undefined).debug('task tick held')
    expect(linesOf(debugPath).map((line) => line.msg)).toEqual(['task tick held'])

    const silentPath = logFile()
    const terminal: string[] = []
    const silent = replayLogger(silentPath, 'silent', (line) => terminal.push(line))
    silent.error('not written anywhere')
    expect(readFileSync(silentPath, 'utf8')).toBe('')
    expect(terminal).toEqual([])
  })
})
