import type { FastifyInstance } from 'fastify'
import { createApiToken } from '../transport/http/api-token'
import { createHttpServer } from '../transport/http/http-server'
import { join } from 'node:path'
import { startEngine, type RunningEngine, type StartEngineOptions } from './start-engine'

export interface HeadlessHostOptions extends Omit<StartEngineOptions, 'host'> {
  bindHost: string
  port: number
  /** Where `api-token` is written; the data folder when omitted. */
  tokenDir?: string
}

export interface HeadlessHost {
  url: string
  token: string
  tokenPath: string
  running: RunningEngine
  server: FastifyInstance
  close(): Promise<void>
}

/**
 * The headless host: the engine under plain Node with the REST API, the WebSocket event
 * stream and the built UI, bound to 127.0.0.1 by default and guarded by a bearer token
 * (printed at start and written to `api-token`, mode 0600, in the data folder).
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const running = await startEngine({ ...options, host: 'headless' })
  try {
    const { token, path: tokenPath } = createApiToken(options.tokenDir ?? options.paths.dataDir)
    const server = await createHttpServer({
      handlers: running.engine.commands,
      events: running.engine.events,
      token,
      logger: options.logger,
      rendererDir: join(options.paths.root, 'out', 'renderer'),
      version: options.version,
    })
    const address = await server.listen({ host: options.bindHost, port: options.port })
    return {
      url: address,
      token,
      tokenPath,
      running,
      server,
      async close() {
        await server.close()
        await running.close()
      },
    }
  } catch (error) {
    await running.close()
    throw error
  }
}
