export type { Clock, TimerHandle } from './clock'
export { SystemClock } from './system-clock'
export { VirtualClock } from './virtual-clock'
export { AwaitedWork } from './awaited-work'
