import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { AppPaths } from '../../app-paths'
import { createLogger } from '../../engine/logging/logger'
import { bundledReplayFiles, startEngine } from '../../host/start-engine'
import { loadConfig, withRulesOnlyAgents } from '../../engine/config'
import { buildReplayReport } from '../../replay/build-replay-report'
import { renderReportHtml, renderReportText } from '../../replay/replay-report'
import { flagValue, type CliIo, type ParsedArgs } from '../cli-io'
import { ProgressBar } from '../progress-bar'
import { parseSpeed, parseTime, replayFilesBySymbol } from './replay-data-files'

/**
 * `replay [--data FILE…] [--from DATE] [--to DATE] [--speed N|max]`: the whole engine over
 * recorded candles on the virtual clock with the paper broker and the rules provider (or
 * recorded LLM answers), in a fresh data folder of its own; ends with a report (terminal
 * summary plus an HTML page with the equity curve).
 */
export async function runReplay(
  args: ParsedArgs,
  paths: AppPaths,
  io: CliIo,
  version: string,
  now: number,
): Promise<number> {
  const data = args.flags.get('data') ?? []
  const fromMs = parseTime('from', flagValue(args, 'from'))
  const toMs = parseTime('to', flagValue(args, 'to'))
  const runDir = join(paths.dataDir, 'replays', new Date(now).toISOString().replace(/[:.]/g, '-'))
  mkdirSync(runDir, { recursive: true })
  const replayPaths = { ...paths, dataDir: runDir }
  const env = { ...io.env, TRIPLEGAIN_DATA_DIR: runDir, DATABASE_URL: '' }
  const sources =
    data.length > 0
      ? replayFilesBySymbol(data)
      : bundledReplayFiles(
          paths,
          loadConfig({
            configDir: paths.configDir,
            userConfigDir: paths.userConfigDir,
            env: io.env,
          }).config,
        )
  const files = windowedFiles(sources, runDir, fromMs, toMs)
  const bar = new ProgressBar('replay', {
    write: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY,
  })
  const started = Date.now()
  const running = await startEngine({
    paths: replayPaths,
    env,
    logger: createLogger({ level: (io.env.TRIPLEGAIN_LOG_LEVEL as never) ?? 'warn' }),
    host: 'headless',
    version,
    // Recorded answers are replayed by the models that gave them; without a recording every
    // agent is on the rules provider, so the run repeats and needs no model.
    configure: (config) =>
      config.agents.llm.record_replay === 'replay' ? config : withRulesOnlyAgents(config),
    market: {
      kind: 'replay',
      speed: parseSpeed(flagValue(args, 'speed'), 'max'),
      files,
      onProgress: (done, total) => {
        const seconds = (Date.now() - started) / 1000
        bar.update(done, total, seconds > 0 ? `${Math.round(done / seconds)} candles/s` : '')
      },
    },
  })
  try {
    const startingEquity = (await running.engine.parts.account.portfolioContext()).equity
    const firstMs = running.clock.now()
    await running.replayDone
    bar.finish()
    const report = await buildReplayReport(running.engine, {
      fromMs: firstMs,
      toMs: running.clock.now(),
      candles: running.replay?.progress.done ?? 0,
      wallClockMs: Date.now() - started,
      startingEquity,
    })
    const reportPath = join(runDir, 'replay-report.html')
    writeFileSync(reportPath, renderReportHtml(report))
    writeFileSync(join(runDir, 'replay-report.json'), JSON.stringify(report, null, 2))
    io.out(renderReportText(report))
    io.out(`report: ${reportPath}`)
    return 0
  } finally {
    await running.close()
  }
}

/**
 * Writes copies of the CSV files cut to [from, to) into the run folder, so the replay starts
 * and ends where asked; without a window the files are used as they are.
 */
function windowedFiles(
  files: Record<string, string>,
  runDir: string,
  fromMs: number | undefined,
  toMs: number | undefined,
): Record<string, string> {
  if (fromMs === undefined && toMs === undefined) return files
  return Object.fromEntries(
    Object.entries(files).map(([symbol, path]) => {
      const [header, ...rows] = readFileSync(path, 'utf8').split('\n')
      const kept = rows.filter((row) => {
        const timestamp = Number(row.slice(0, row.indexOf(',')))
        return (
          row.length > 0 &&
          (fromMs === undefined || timestamp >= fromMs) &&
          (toMs === undefined || timestamp < toMs)
        )
      })
      const target = join(runDir, `${symbol.replace('/', '')}_window.csv`)
      writeFileSync(target, `${[header, ...kept].join('\n')}\n`)
      return [symbol, target]
    }),
  )
}
