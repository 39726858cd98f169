import { asWords } from '../../../src-shared/words'
import { ApiKeysTable } from '../components/api-keys-table'
import { KeyValueList } from '../components/key-value-list'
import { LoadState } from '../components/load-state'
import { ModeBadge } from '../components/mode-badge'
import { NotificationSetting } from '../components/notification-setting'
import { Panel } from '../components/panel'
import { formatDateTime, formatInterval } from '../format/time'
import { useReload } from '../hooks/use-reload'
import { useActions, useStoreState } from '../store/use-store-state'

/**
 * Prints a config value; a list comma-separated, an object (a correlation group) as
 * `name majors · assets BTC, XRP` rather than `[object Object]` or JSON.
 */
const printable = (item: unknown): string => {
  if (item === null || typeof item !== 'object') return String(item)
  if (Array.isArray(item)) return item.map(printable).join(', ')
  return Object.entries(item)
    .map(([key, value]) => `${key} ${printable(value)}`)
    .join(' · ')
}

/**
 * Returns config entries flattened to `a.b.c` keys with printable values; a list of objects
 * separated by `;`, as each object's own lists use commas.
 */
export function flattenConfig(record: Record<string, unknown>, prefix = ''): [string, string][] {
  const entries: [string, string][] = []
  for (const [key, value] of Object.entries(record)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      entries.push(...flattenConfig(value as Record<string, unknown>, path))
    } else {
      entries.push([
        path,
        value === null || value === undefined
          ? '—'
          : Array.isArray(value) && value.some((item) => item !== null && typeof item === 'object')
            ? value.map(printable).join('; ')
            : printable(value),
      ])
    }
  }
  return entries
}

/** Mode, API keys (set/not set only), notifications, and read-only risk limits and schedules. */
export function SettingsView() {
  const settings = useStoreState('system', (state) => state.settings)
  const apiKeys = useStoreState('system', (state) => state.apiKeys)
  const info = useStoreState('system', (state) => state.info.data)
  const system = useActions('system')
  useReload(() => void system.loadSettings())
  useReload(() => void system.loadApiKeys())
  return (
    <LoadState loadable={settings} label="settings" onRetry={() => void system.loadSettings()}>
      {(data) => (
        <>
          <div className="grid two-columns">
            <Panel title="Mode">
              <KeyValueList
                label="Mode"
                items={[
                  ['Trading mode', <ModeBadge mode={data.mode} />],
                  ['Symbols', data.symbols.join(', ')],
                  ['Data location', <span className="mono">{data.dataLocation}</span>],
                  ['Host', info ? `${info.host} · v${info.version}` : '—'],
                  ['Started', info ? formatDateTime(info.startedAt) : '—'],
                ]}
              />
              <p className="muted" style={{ marginBottom: 0 }}>
                {data.mode === 'live'
                  ? 'LIVE: orders go to Kraken with real funds.'
                  : 'The mode is set in the configuration and takes effect on restart; paper mode simulates fills against real market data.'}
              </p>
            </Panel>
            <Panel title="Desktop notifications">
              <NotificationSetting />
            </Panel>
          </div>
          <Panel title="API keys" isFlush>
            <LoadState
              loadable={apiKeys.data ? apiKeys : { ...apiKeys, data: data.apiKeys }}
              label="API keys"
              onRetry={() => void system.loadApiKeys()}
              empty="No providers."
            >
              {(keys) => <ApiKeysTable keys={keys} />}
            </LoadState>
          </Panel>
          <div className="grid two-columns">
            <Panel title="Risk limits (read-only)">
              {Object.keys(data.risk).length === 0 ? (
                <p className="muted">No risk limits configured.</p>
              ) : (
                <KeyValueList label="Risk limits" items={flattenConfig(data.risk)} />
              )}
            </Panel>
            <Panel title="Schedules (read-only)" isFlush>
              <table className="data" aria-label="Schedules">
                <thead>
                  <tr>
                    <th>Task</th>
                    <th className="num">Interval</th>
                    <th>Enabled</th>
                  </tr>
                </thead>
                <tbody>
                  {data.schedules.map((schedule) => (
                    <tr key={schedule.name}>
                      <td>{asWords(schedule.name)}</td>
                      <td className="num">{formatInterval(schedule.intervalSeconds)}</td>
                      <td>{schedule.isEnabled ? 'yes' : 'no'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Panel>
          </div>
          <Panel title="Portfolio (read-only)">
            <KeyValueList label="Portfolio settings" items={flattenConfig(data.portfolio)} />
          </Panel>
        </>
      )}
    </LoadState>
  )
}
