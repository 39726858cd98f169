import { createHash } from 'node:crypto'

/** How a test describes a local model; every field but the name has a default. */
export interface FakeOllamaModelSeed {
  readonly name: string
  readonly family?: string
  readonly parameterSize?: string
  readonly quantizationLevel?: string
  readonly sizeBytes?: number
  readonly contextLength?: number
}

/** The `details` block Ollama reports for a model. */
export interface OllamaModelDetails {
  readonly parent_model: string
  readonly format: string
  readonly family: string
  readonly families: readonly string[]
  readonly parameter_size: string
  readonly quantization_level: string
}

/** A model in the fake's local store. */
export interface FakeOllamaModel {
  /** The full name with tag, e.g. `llama3.2:latest`. */
  readonly name: string
  /** The manifest digest: 64 hex characters, derived from the name. */
  readonly digest: string
  readonly size: number
  readonly modifiedAt: string
  readonly contextLength: number
  readonly details: OllamaModelDetails
}

/** Time a loaded model stays in memory after its last use (Ollama's default keep_alive). */
const KEEP_ALIVE_MS = 5 * 60 * 1000

/** Returns the full model name: `llama3.2` → `llama3.2:latest`; tagged names are unchanged. */
export const normalizeModelName = (name: string): string => {
  const trimmed = name.trim()
  const lastSegment = trimmed.slice(trimmed.lastIndexOf('/') + 1)
  return lastSegment.includes(':') ? trimmed : `${trimmed}:latest`
}

/** Returns the deterministic sha256 digest (hex) the fake uses for a model name. */
export const digestOf = (name: string): string =>
  createHash('sha256').update(normalizeModelName(name)).digest('hex')

/** `llama3.2:latest` → `llama`: the family a name suggests when the seed gives none. */
const familyOf = (name: string): string => {
  const base = name.slice(name.lastIndexOf('/') + 1)
  return /^[a-z]+/i.exec(base)?.[0]?.toLowerCase() ?? 'llama'
}

/**
 * The in-memory model store of the fake Ollama server: the pulled models (`/api/tags`) and
 * the loaded ones (`/api/ps`). Pull adds, delete removes, chat and generate load.
 */
export class OllamaModelStore {
  private readonly models = new Map<string, FakeOllamaModel>()
  private readonly loaded = new Map<string, number>()

  constructor(
    private readonly now: () => number,
    seeds: readonly FakeOllamaModelSeed[],
  ) {
    this.reset(seeds)
  }

  /** Replaces every model by `seeds`, none of them loaded. */
  reset(seeds: readonly FakeOllamaModelSeed[]): void {
    this.models.clear()
    this.loaded.clear()
    for (const seed of seeds) this.add(seed)
  }

  /** Adds (or replaces) a model and returns it. */
  add(seed: FakeOllamaModelSeed): FakeOllamaModel {
    const name = normalizeModelName(seed.name)
    const family = seed.family ?? familyOf(name)
    const model: FakeOllamaModel = {
      name,
      digest: digestOf(name),
      size: seed.sizeBytes ?? 2_019_393_189,
      modifiedAt: new Date(this.now()).toISOString(),
      contextLength: seed.contextLength ?? 4096,
      details: {
        parent_model: '',
        format: 'gguf',
        family,
        families: [family],
        parameter_size: seed.parameterSize ?? '3.2B',
        quantization_level: seed.quantizationLevel ?? 'Q4_K_M',
      },
    }
    this.models.set(name, model)
    return model
  }

  /** Returns the model, or undefined when it has not been pulled. */
  get(name: string): FakeOllamaModel | undefined {
    return this.models.get(normalizeModelName(name))
  }

  /** Removes a model (and unloads it); returns false when it was not there. */
  remove(name: string): boolean {
    const full = normalizeModelName(name)
    this.loaded.delete(full)
    return this.models.delete(full)
  }

  /** Returns every local model, in the order they were added. */
  list(): readonly FakeOllamaModel[] {
    return [...this.models.values()]
  }

  /** Marks a model as loaded in memory until the keep-alive runs out. */
  load(name: string): void {
    const full = normalizeModelName(name)
    if (this.models.has(full)) this.loaded.set(full, this.now() + KEEP_ALIVE_MS)
  }

  /** Returns the loaded models with the time each will be unloaded. */
  running(): ReadonlyArray<{ model: FakeOllamaModel; expiresAt: number }> {
    return [...this.loaded.entries()].flatMap(([name, expiresAt]) => {
      const model = this.models.get(name)
      return model ? [{ model, expiresAt }] : []
    })
  }
}
