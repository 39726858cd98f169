import {
  technicalAnalysisOutputSchema,
  type TechnicalAnalysisOutput,
} from '../../../src-main/engine/agents/output-schemas'
import type { RoutedRequest } from '../../../src-main/engine/llm/llm-router'
import { aSnapshot } from './snapshots'

/** A Technical Analysis request for the router, with a fixed prompt and a snapshot task. */
export function aTechnicalAnalysisRequest(
  overrides: Partial<RoutedRequest<TechnicalAnalysisOutput>> = {},
): RoutedRequest<TechnicalAnalysisOutput> {
  return {
    agent: 'technical_analysis',
    schema: technicalAnalysisOutputSchema,
    schemaName: 'TechnicalAnalysis',
    prompt: () => ({ system: 'You analyse charts.', messages: [{ role: 'user', content: 'BTC' }] }),
    task: { kind: 'technical_analysis', snapshot: aSnapshot() },
    ...overrides,
  }
}
