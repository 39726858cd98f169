import type { PromptSection } from '../llm/prompt-builder'
import type { TierProfile } from '../llm/prompt-templates'
import type { ModelSpec } from '../llm/llm-types'
import type { RulesTask } from '../llm/rules/rules-task'
import type { MarketSnapshot } from './agent-context'
import { SingleModelAgent } from './base-agent'
import { regimeOutputSchema, type RegimeOutput } from './output-schemas'
import { snapshotSections } from './snapshot-sections'

/**
 * The Regime Detection agent (every 5 minutes): one of seven regimes with confidence,
 * position size multiplier and entry strictness, published on regime_updates.
 */
export class RegimeDetectionAgent extends SingleModelAgent<RegimeOutput> {
  readonly name = 'regime_detection' as const
  readonly topic = 'regime_updates' as const
  protected readonly schema = regimeOutputSchema
  protected readonly schemaName = 'RegimeDetection'

  protected sections(snapshot: MarketSnapshot, profile: TierProfile): PromptSection[] {
    return snapshotSections(snapshot, profile)
  }

  protected task(snapshot: MarketSnapshot): RulesTask {
    return { kind: 'regime_detection', snapshot }
  }

  protected payload(snapshot: MarketSnapshot, output: RegimeOutput, model: ModelSpec) {
    return {
      symbol: snapshot.symbol,
      regime: output.regime,
      confidence: output.confidence,
      position_size_multiplier: output.position_size_multiplier,
      entry_strictness: output.entry_strictness,
      model: model.key,
    }
  }
}
