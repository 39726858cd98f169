import type { Logger } from '../logging/logger'
import type { AgentName, JsonOutputSpec, LlmMessage, ModelSpec } from './llm-types'
import { AGENT_TEMPLATES, type AgentTemplate } from './prompt-templates'
import { charsForTokens, estimateTokens } from './token-estimate'

/** A named block of context in the user message. */
export interface PromptSection {
  readonly name: string
  readonly text: string
  /** Lower priority is cut first when the prompt is over budget. */
  readonly priority: number
  /** Required sections are never cut (the task, the symbol). */
  readonly isRequired?: boolean
  /** Which end loses lines first; candles and history lose their oldest lines (`start`). */
  readonly cutFrom?: 'start' | 'end'
}

/** What truncation removed from one section. */
export interface PromptCut {
  readonly section: string
  readonly removedChars: number
  readonly removedLines: number
  readonly isWholeSection: boolean
}

/** A prompt ready for a provider, with its token estimate and what was cut to fit. */
export interface BuiltPrompt {
  readonly system: string
  readonly messages: readonly LlmMessage[]
  readonly estimatedTokens: number
  /** Context tokens left for the prompt once the answer's tokens are reserved. */
  readonly budgetTokens: number
  readonly cuts: readonly PromptCut[]
  /** True when even the required sections exceed the budget. */
  readonly isOverBudget: boolean
}

export interface PromptBuildInput {
  readonly agent: AgentName
  readonly model: ModelSpec
  readonly sections: readonly PromptSection[]
  readonly outputSchema?: JsonOutputSpec
  /** Tokens reserved for the answer; the model's `maxOutputTokens` by default. */
  readonly maxOutputTokens?: number
}

export interface PromptBuilderOptions {
  /** Added to every token estimate (seed 001 v1.4: 0.1). */
  readonly safetyMargin: number
  readonly logger: Logger
  readonly templates?: Readonly<Record<AgentName, AgentTemplate>>
}

interface WorkingSection {
  readonly section: PromptSection
  lines: string[]
  removedChars: number
  removedLines: number
}

/**
 * Builds system and user prompts from per-agent, per-tier templates and context sections;
 * estimates tokens (chars / 4 plus the safety margin) and cuts the least important
 * sections until the prompt fits the model's context budget, logging every cut.
 */
export class PromptBuilder {
  private readonly templates: Readonly<Record<AgentName, AgentTemplate>>

  constructor(private readonly options: PromptBuilderOptions) {
    this.templates = options.templates ?? AGENT_TEMPLATES
  }

  /** Returns the system prompt of `agent` for the model's tier, with the output schema. */
  systemPrompt(agent: AgentName, model: ModelSpec, outputSchema?: JsonOutputSpec): string {
    const template = this.templates[agent]
    const parts = [template.role, model.tier === 'local' ? template.local : template.api]
    if (outputSchema) {
      parts.push(
        `The JSON object must satisfy this JSON Schema (${outputSchema.name}):`,
        JSON.stringify(outputSchema.schema),
      )
    }
    return parts.join('\n\n')
  }

  /** Builds the prompt, truncating optional sections to the model's budget. */
  build(input: PromptBuildInput): BuiltPrompt {
    const margin = this.options.safetyMargin
    const system = this.systemPrompt(input.agent, input.model, input.outputSchema)
    const budgetTokens = Math.max(
      0,
      input.model.contextTokens - (input.maxOutputTokens ?? input.model.maxOutputTokens),
    )
    const working: WorkingSection[] = input.sections.map((section) => ({
      section,
      lines: section.text.split('\n'),
      removedChars: 0,
      removedLines: 0,
    }))
    const estimate = () => estimateTokens(`${system}\n${render(working)}`, margin)

    const cuttable = working
      .filter((entry) => !entry.section.isRequired)
      .sort((a, b) => a.section.priority - b.section.priority)
    for (const entry of cuttable) {
      const excessTokens = estimate() - budgetTokens
      if (excessTokens <= 0) break
      // One token more than the excess, so rounding never leaves the prompt a token over.
      let toRemove = charsForTokens(excessTokens + 1, margin) + 1
      while (toRemove > 0 && entry.lines.length > 0) {
        const line = entry.section.cutFrom === 'end' ? entry.lines.pop() : entry.lines.shift()
        const removed = (line ?? '').length + 1
        entry.removedChars += removed
        entry.removedLines += 1
        toRemove -= removed
      }
    }

    const cuts: PromptCut[] = working
      .filter((entry) => entry.removedLines > 0)
      .map((entry) => ({
        section: entry.section.name,
        removedChars: entry.removedChars,
        removedLines: entry.removedLines,
        isWholeSection: entry.lines.length === 0,
      }))
    for (const cut of cuts) {
      this.options.logger.warn(
        { agent: input.agent, model: input.model.key, budgetTokens, ...cut },
        'prompt truncated to fit the model context budget',
      )
    }
    const estimatedTokens = estimate()
    const isOverBudget = estimatedTokens > budgetTokens
    if (isOverBudget) {
      this.options.logger.warn(
        { agent: input.agent, model: input.model.key, estimatedTokens, budgetTokens },
        'prompt exceeds the model context budget after truncation',
      )
    }
    return {
      system,
      messages: [{ role: 'user', content: render(working) }],
      estimatedTokens,
      budgetTokens,
      cuts,
      isOverBudget,
    }
  }
}

function render(sections: readonly WorkingSection[]): string {
  return sections
    .filter((entry) => entry.lines.length > 0)
    .map((entry) => `## ${entry.section.name}\n${entry.lines.join('\n')}`)
    .join('\n\n')
}
