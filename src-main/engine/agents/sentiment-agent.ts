import type { PromptSection } from '../llm/prompt-builder'
import type { TierProfile } from '../llm/prompt-templates'
import type { ModelSpec } from '../llm/llm-types'
import type { RulesTask } from '../llm/rules/rules-task'
import type { MarketSnapshot } from './agent-context'
import { SingleModelAgent } from './base-agent'
import { sentimentOutputSchema, type SentimentOutput } from './output-schemas'
import { snapshotSections } from './snapshot-sections'

/**
 * The Sentiment agent (disabled by default; Grok, then GPT): market mood as bias and
 * confidence, published on sentiment_updates.
 */
export class SentimentAgent extends SingleModelAgent<SentimentOutput> {
  readonly name = 'sentiment' as const
  readonly topic = 'sentiment_updates' as const
  protected readonly schema = sentimentOutputSchema
  protected readonly schemaName = 'Sentiment'

  protected sections(snapshot: MarketSnapshot, profile: TierProfile): PromptSection[] {
    // Price action only frames the question; the model brings what it knows of the news.
    return snapshotSections(snapshot, { ...profile, candles: Math.min(profile.candles, 24) })
  }

  protected task(snapshot: MarketSnapshot): RulesTask {
    return { kind: 'sentiment', snapshot }
  }

  protected payload(snapshot: MarketSnapshot, output: SentimentOutput, model: ModelSpec) {
    return {
      symbol: snapshot.symbol,
      bias: output.bias,
      confidence: output.confidence,
      model: model.key,
    }
  }
}
