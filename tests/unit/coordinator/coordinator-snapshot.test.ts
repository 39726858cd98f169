import { describe, expect, it } from 'vitest'
import {
  parseSnapshot,
  toStateRow,
  type CoordinatorSnapshot,
} from '../../../src-main/engine/coordinator/coordinator-snapshot'
import type { TaskRecord } from '../../../src-main/engine/coordinator/task-scheduler'

const SAVED_AT = Date.UTC(2026, 0, 1)

function aTaskRecord(overrides: Partial<TaskRecord> = {}): TaskRecord {
  return {
    isEnabled: true,
    lastRunAt: SAVED_AT - 60_000,
    lastDurationMs: 12,
    runs: 4,
    failures: 0,
    skipped: 1,
    timeouts: 0,
    lastError: null,
    lastSkip: null,
    ...overrides,
  }
}

function aSnapshot(tasks: CoordinatorSnapshot['tasks']): CoordinatorSnapshot {
  return {
    state: 'RUNNING',
    degradationLevel: 'NORMAL',
    tasks,
    statistics: { task_runs_skipped: 1 },
    pausedSymbols: [],
    degradationHistory: [],
    resumeAfterBreakers: null,
    savedAt: SAVED_AT,
  }
}

describe('coordinator snapshot', () => {
  it('reads back the latest skip of a task', () => {
    const snapshot = aSnapshot({
      technical_analysis: aTaskRecord({
        lastSkip: {
          at: SAVED_AT - 60_000,
          symbol: 'BTC/USDT',
          code: 'NO_DATA',
          reason: 'NO_DATA: symbol=BTC/USDT has_price=false has_candles=false',
        },
      }),
    })
    expect(parseSnapshot(toStateRow(snapshot))).toEqual({ ok: true, snapshot })
  })

  it('loads a row saved before skips were reported, without a latest skip', () => {
    const { lastSkip: _lastSkip, ...oldRecord } = aTaskRecord()
    const row = { ...toStateRow(aSnapshot({})), tasks: { technical_analysis: oldRecord } }
    const parsed = parseSnapshot(row)
    expect(parsed.ok && parsed.snapshot.tasks.technical_analysis?.lastSkip).toBeNull()
  })

  it('keeps what a halt by circuit breakers goes back to; a row saved before it has none', () => {
    const halted = {
      ...aSnapshot({}),
      state: 'HALTED' as const,
      resumeAfterBreakers: 'PAUSED' as const,
    }
    expect(parseSnapshot(toStateRow(halted))).toEqual({ ok: true, snapshot: halted })
    const { resumeAfterBreakers: _resume, ...oldRow } = toStateRow(halted)
    const parsed = parseSnapshot(oldRow)
    expect(parsed.ok && parsed.snapshot.resumeAfterBreakers).toBeNull()
    const odd = parseSnapshot({ ...oldRow, resumeAfterBreakers: 'HALTED' })
    expect(!odd.ok && odd.error).toContain('field=resumeAfterBreakers')
  })

  it('reports a latest skip with an unknown code instead of applying it', () => {
    const row = toStateRow(aSnapshot({}))
    const tasks = {
      technical_analysis: {
        ...aTaskRecord(),
        lastSkip: { at: SAVED_AT, symbol: 'BTC/USDT', code: 'LUNCH_BREAK', reason: 'x' },
      },
    }
    const parsed = parseSnapshot({ ...row, tasks })
    expect(parsed.ok).toBe(false)
    expect(!parsed.ok && parsed.error).toContain('field=tasks.technical_analysis.lastSkip.code')
  })
})
