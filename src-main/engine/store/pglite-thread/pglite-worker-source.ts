/**
 * The program of the PGlite worker thread, as source text: a worker started from text runs
 * the same under Node, tsx, vitest and the bundles, where a worker file would need a path
 * every build can find (and a function's own text holds whatever helpers its transpiler
 * added). Plain CommonJS JavaScript; `workerData` is `{ pglitePath, dataDir, settings,
 * templatePath, isTemplateWanted }`: the settings PostgreSQL starts with after PGlite's own
 * (see pglite-settings), the template file a new database is restored from (or null), and
 * whether the ready message is to carry the new cluster's image to save as the template
 * (see pglite-template).
 *
 * Messages in: `{ id, op, ... }` with op `query` | `exec` | `begin` | `end` | `close`, and
 * `tx` for requests inside a transaction. Messages out: `{ id, result }` or `{ id, error }`;
 * id 0 says that PGlite is ready (or could not start).
 */
export const PGLITE_WORKER_SOURCE = String.raw`
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const v8 = require('node:v8')

// While PostgreSQL starts, V8 would move the WASM functions the start runs most to its
// optimising compiler, and this thread then waits about a quarter of a second for those
// compilations before it answers its first query. The start runs on the baseline compiler's
// code instead (only function 0 may be optimised), and optimising is allowed again once
// PGlite is ready, for the queries that follow (see the startup benchmark).
const ONLY_FIRST_FUNCTION_OPTIMISED = '--wasm-tier-up-filter=0'
const ALL_FUNCTIONS_OPTIMISED = '--wasm-tier-up-filter=-1'
v8.setFlagsFromString(ONLY_FIRST_FUNCTION_OPTIMISED)
const { PGlite } = require(workerData.pglitePath)

const transactions = new Map()
const keepText = (value) => value

// A DatabaseError's own fields (code, detail, constraint...) say what was wrong: keep them.
function errorOf(error) {
  const fields = { message: String((error && error.message) || error) }
  if (error !== null && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (typeof value === 'string' || typeof value === 'number') fields[key] = value
    }
  }
  return fields
}

// Parsers are functions and cannot cross threads. drizzle only passes ones that keep the
// text as it is, so the types they cover are sent instead.
function queryOptions(message) {
  const options = {}
  if (message.rowMode !== undefined) options.rowMode = message.rowMode
  if (message.textTypes !== undefined) {
    options.parsers = {}
    for (const type of message.textTypes) options.parsers[type] = keepText
  }
  return options
}

function plain(result) {
  return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows }
}

// Opens a transaction that stays open until an 'end' message settles it.
function begin(pg, id) {
  return new Promise((resolve, reject) => {
    let isOpen = false
    const done = pg.transaction(
      (tx) =>
        new Promise((commit, rollback) => {
          isOpen = true
          const end = (isCommit) => (isCommit ? commit() : rollback(new Error('rollback')))
          transactions.set(id, { tx, done, end })
          resolve(id)
        }),
    )
    done.catch((error) => {
      if (!isOpen) reject(error)
    })
  })
}

async function end(txId, isCommit) {
  const open = transactions.get(txId)
  if (open === undefined) throw new Error('transaction ' + txId + ' is not open')
  transactions.delete(txId)
  open.end(isCommit)
  try {
    await open.done
  } catch (error) {
    // The rollback asked for is what the caller wanted; a failed commit is reported.
    if (isCommit) throw error
  }
  return null
}

async function run(pg, message) {
  const target = message.tx === undefined ? pg : transactions.get(message.tx)?.tx
  if (target === undefined) throw new Error('transaction ' + message.tx + ' is not open')
  switch (message.op) {
    case 'query':
      return plain(await target.query(message.sql, message.params, queryOptions(message)))
    case 'exec':
      return (await target.exec(message.sql)).map(plain)
    case 'begin':
      return begin(pg, message.id)
    case 'end':
      return end(message.tx, message.isCommit === true)
    case 'close':
      await pg.close()
      return null
    default:
      throw new Error('unknown PGlite worker operation: ' + String(message.op))
  }
}

// As readPgliteTemplate in pglite-template: what PGlite reads of an image, without a Blob's copies.
function templateImage(path) {
  const bytes = readFileSync(path)
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  return { type: 'application/x-tar', arrayBuffer: () => Promise.resolve(buffer) }
}

function create(options) {
  const { dataDir, templatePath } = workerData
  const all =
    templatePath === null ? options : { ...options, loadDataDir: templateImage(templatePath) }
  return dataDir === 'memory' ? new PGlite(all) : new PGlite(dataDir, all)
}

async function start() {
  const options = { startParams: [...PGlite.defaultStartParams, ...workerData.settings] }
  let pg
  try {
    pg = create(options)
    await pg.waitReady
  } finally {
    v8.setFlagsFromString(ALL_FUNCTIONS_OPTIMISED)
  }
  const template = workerData.isTemplateWanted
    ? await (await pg.dumpDataDir('none')).arrayBuffer()
    : null
  parentPort.on('message', (message) => {
    run(pg, message).then(
      (result) => parentPort.postMessage({ id: message.id, result }),
      (error) => parentPort.postMessage({ id: message.id, error: errorOf(error) }),
    )
  })
  parentPort.postMessage({ id: 0, result: 'ready', template }, template ? [template] : [])
}

start().catch((error) => parentPort.postMessage({ id: 0, error: errorOf(error) }))
`
