/** The IPC channel of a contract command. */
export const commandChannel = (name: string): string => `command:${name}`

/** The channel engine events are pushed on. */
export const EVENT_CHANNEL = 'engine:event'
