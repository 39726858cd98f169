import { describe, expect, it } from 'vitest'
import { ProgressBar } from '../../../src-main/cli/progress-bar'

describe('ProgressBar', () => {
  it('prints a line per 10 % when not on a terminal', () => {
    const lines: string[] = []
    const bar = new ProgressBar('replay', { write: (text) => lines.push(text) })
    for (let done = 0; done <= 100; done += 5) bar.update(done, 100, '1000 c/s')
    bar.finish()
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('replay 0% (0/100) 1000 c/s\n')
    expect(lines[10]).toBe('replay 100% (100/100) 1000 c/s\n')
  })

  it('prints the percent done when its updates are coarser than a step', () => {
    const lines: string[] = []
    const bar = new ProgressBar('replay', { write: (text) => lines.push(text) })
    for (const done of [1002, 2004, 6012, 7014, 8640]) bar.update(done, 8640)
    expect(lines).toEqual([
      'replay 11% (1002/8640)\n',
      'replay 23% (2004/8640)\n',
      'replay 69% (6012/8640)\n',
      'replay 81% (7014/8640)\n',
      'replay 100% (8640/8640)\n',
    ])
  })

  it('redraws one line on a terminal and ends it', () => {
    const writes: string[] = []
    const bar = new ProgressBar('pull', { write: (text) => writes.push(text), isTTY: true }, 10)
    bar.update(5, 10)
    bar.update(5, 10)
    bar.update(10, 10)
    bar.finish()
    expect(writes).toEqual(['\rpull █████░░░░░  50% 5/10', '\rpull ██████████ 100% 10/10', '\n'])
    new ProgressBar('empty', { write: (text) => writes.push(text), isTTY: true }, 4).update(0, 0)
    expect(writes.at(-1)).toBe('\rempty ████ 100% 0/0')
  })
})
