import { createEngineClient } from './api/create-engine-client'
import { mountApp } from './mount-app'
import { browserNotificationPort, DesktopNotifier } from './notifications/desktop-notifier'
import { animationFrameScheduler } from './store/event-coalescer'
import './theme.css'

const root = document.getElementById('root')
if (!root) throw new Error('missing #root element')
const client = createEngineClient(window)
mountApp(root, {
  api: client.api,
  connection: client.connection,
  scheduler: animationFrameScheduler(window),
  notifier: new DesktopNotifier(browserNotificationPort(window)),
})
