import { z } from 'zod'
import { timestampMs } from './primitives'

export const API_KEY_PROVIDERS = ['kraken', 'openai', 'anthropic', 'deepseek', 'xai'] as const
export type ApiKeyProvider = (typeof API_KEY_PROVIDERS)[number]

/** An environment variable the engine reads a key from: its name and whether it is set, never its value. */
export const keyVariableSchema = z.object({ name: z.string(), isSet: z.boolean() })

export const apiKeyStatusSchema = z.object({
  provider: z.enum(API_KEY_PROVIDERS),
  isSet: z.boolean(),
  source: z.enum(['environment', 'keystore', 'none']),
  /**
   * The environment variables the engine reads this provider's key from (Kraken: its key and
   * its secret); empty when the configuration names none.
   */
  environmentVariables: z.array(keyVariableSchema),
  /**
   * True when this host can store the key itself (the desktop app, encrypted with the OS key
   * store); the headless host reads keys only from the environment.
   */
  canStore: z.boolean(),
})

export const setApiKeyInput = z
  .object({
    provider: z.enum(API_KEY_PROVIDERS, {
      error: `provider must be one of ${API_KEY_PROVIDERS.join(', ')}`,
    }),
    key: z
      .string()
      .trim()
      .min(8, { error: 'the key looks too short (at least 8 characters)' })
      .max(500),
    /** Kraken needs a secret besides the key. */
    secret: z.string().trim().min(8).max(500).optional(),
  })
  .strict()

export const clearApiKeyInput = z.object({ provider: z.enum(API_KEY_PROVIDERS) }).strict()

/** A read-only view of the configuration for the Settings view; never keys. */
export const settingsSchema = z.object({
  mode: z.enum(['paper', 'live', 'replay']),
  symbols: z.array(z.string()),
  schedules: z.array(
    z.object({ name: z.string(), intervalSeconds: z.number(), isEnabled: z.boolean() }),
  ),
  risk: z.record(z.string(), z.unknown()),
  portfolio: z.record(z.string(), z.unknown()),
  dataLocation: z.string(),
  apiKeys: z.array(apiKeyStatusSchema),
})

export const systemInfoSchema = z.object({
  version: z.string(),
  host: z.enum(['desktop', 'headless']),
  mode: z.enum(['paper', 'live', 'replay']),
  startedAt: timestampMs,
  isFirstRun: z.boolean(),
  llmAvailable: z.boolean(),
  exchangeReachable: z.boolean(),
  notices: z.array(z.string()),
})

export type KeyVariable = z.infer<typeof keyVariableSchema>
export type ApiKeyStatus = z.infer<typeof apiKeyStatusSchema>
export type Settings = z.infer<typeof settingsSchema>
export type SystemInfo = z.infer<typeof systemInfoSchema>
