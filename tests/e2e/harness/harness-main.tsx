/**
 * Test-only entry: the real renderer on the in-memory DemoEngine, for screenshots and the
 * UI benchmark before (and besides) the headless host. Never part of the app bundle.
 *   ?scenario=normal|first-run|live|degraded  ?view=market  ?stream=100 (events/s)
 *   ?coalesce=off (no per-frame batching: the benchmark's baseline)
 *   ?bench=chart  → a bare page exposing window.__bench.renderChart(count, maxCandles)
 */
import { flushSync } from 'react-dom'
import { createRoot } from 'react-dom/client'
import { alwaysConnected } from '../../../src-renderer/src/api/connection'
import { CandleChart } from '../../../src-renderer/src/components/candle-chart'
import { mountApp } from '../../../src-renderer/src/mount-app'
import {
  browserNotificationPort,
  DesktopNotifier,
} from '../../../src-renderer/src/notifications/desktop-notifier'
import { animationFrameScheduler } from '../../../src-renderer/src/store/event-coalescer'
import type { ViewName } from '../../../src-renderer/src/store/navigation-store'
import { VIEWS } from '../../../src-renderer/src/store/navigation-store'
import '../../../src-renderer/src/theme.css'
import { aCandleSeries } from '../../helpers/renderer/builders'
import type { DemoScenario } from '../../helpers/renderer/demo-engine'
import { DemoEngine } from '../../helpers/renderer/demo-engine'

declare global {
  interface Window {
    __demo?: DemoEngine
    __bench?: {
      renderChart(count: number, maxCandles?: number): Promise<{ ms: number; drawn: number }>
    }
    __stopStream?: () => void
  }
}

const root = document.getElementById('root') as HTMLElement
const params = new URLSearchParams(window.location.search)

if (params.get('bench') === 'chart') {
  root.style.width = '1200px'
  window.__bench = {
    async renderChart(count, maxCandles) {
      const series = aCandleSeries(count)
      const container = document.createElement('div')
      container.style.width = '1200px'
      root.replaceChildren(container)
      const reactRoot = createRoot(container)
      const started = performance.now()
      flushSync(() =>
        reactRoot.render(<CandleChart series={series} {...(maxCandles ? { maxCandles } : {})} />),
      )
      // Recharts lays out after the container is measured; wait until candles are in the DOM.
      while (container.querySelectorAll('.candle').length === 0) {
        await new Promise((resolve) => requestAnimationFrame(resolve))
        if (performance.now() - started > 60_000) throw new Error('chart did not render in 60 s')
      }
      const ms = performance.now() - started
      const drawn = container.querySelectorAll('.candle').length
      reactRoot.unmount()
      return { ms, drawn }
    },
  }
} else {
  const scenario = (params.get('scenario') ?? 'normal') as DemoScenario
  const requestedView = params.get('view')
  const view = (VIEWS as readonly string[]).includes(requestedView ?? '')
    ? (requestedView as ViewName)
    : undefined
  // Each streamed event arrives in a task of its own, like WebSocket messages do.
  const queue: (() => void)[] = []
  const channel = new MessageChannel()
  channel.port1.onmessage = () => queue.shift()?.()
  const engine = new DemoEngine(Date.now(), scenario, {
    setInterval: (callback, ms) => window.setInterval(callback, ms),
    clearInterval: (handle) => window.clearInterval(handle as number),
    defer: (callback) => {
      queue.push(callback)
      channel.port2.postMessage(null)
    },
  })
  window.__demo = engine
  // ?coalesce=off delivers every event at once (the benchmark's baseline).
  const scheduler =
    params.get('coalesce') === 'off'
      ? { request: (callback: () => void) => (callback(), null), cancel: () => undefined }
      : animationFrameScheduler(window)
  mountApp(root, {
    api: engine,
    connection: alwaysConnected(),
    scheduler,
    notifier: new DesktopNotifier(browserNotificationPort(window)),
    ...(view ? { view } : {}),
  })
  const rate = Number(params.get('stream') ?? 0)
  if (rate > 0) window.__stopStream = engine.startStream(rate)
}
