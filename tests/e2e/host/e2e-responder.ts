import Decimal from 'decimal.js'
import { defaultResponder, reply } from '../../fakes/llm'
import type { FakeLlmRequest, ScriptedReply } from '../../fakes/llm'

/** Returns the property names of a requested JSON schema, empty when none was requested. */
function schemaFields(request: FakeLlmRequest): Set<string> {
  if (request.format.type !== 'json_schema') return new Set()
  const schema = request.format.schema as { properties?: Record<string, unknown> } | undefined
  return new Set(Object.keys(schema?.properties ?? {}))
}

/** Returns the `price: …` line of the market header in the prompt, or null. */
export function promptPrice(request: FakeLlmRequest): Decimal | null {
  for (const message of request.messages) {
    const match = /^price: (\d+(?:\.\d+)?)$/m.exec(message.content)
    if (match?.[1]) return new Decimal(match[1])
  }
  return null
}

/**
 * A bullish local model: technical analysis says long, the regime is a relaxed bull trend,
 * and trading decisions BUY at the prompt's price with a 2 % stop-loss and a 5 % take-profit
 * (reward:risk 2.5), so the risk engine approves and the paper broker opens a position.
 * Anything else gets the fakes' schema-conforming default.
 */
export function e2eResponder(request: FakeLlmRequest): ScriptedReply {
  const fields = schemaFields(request)
  if (fields.has('action') && fields.has('stop_loss')) {
    const price = promptPrice(request)
    if (!price) return reply.json({ action: 'HOLD', confidence: 0.5, reasoning: 'no price' })
    const places = price.greaterThan(100) ? 2 : 5
    return reply.json({
      action: 'BUY',
      confidence: 0.85,
      entry_price: price.toFixed(places),
      stop_loss: price.times(0.98).toFixed(places),
      take_profit: price.times(1.05).toFixed(places),
      leverage: 1,
      reasoning: 'e2e: momentum up, buy with a 2 % stop and a 5 % target',
    })
  }
  if (fields.has('regime')) {
    return reply.json({
      regime: 'trending_bull',
      confidence: 0.8,
      position_size_multiplier: 1,
      entry_strictness: 'relaxed',
      reasoning: 'e2e: higher highs',
    })
  }
  if (fields.has('trend_direction')) {
    return reply.json({
      trend_direction: 'bullish',
      trend_strength: 0.7,
      momentum_score: 0.6,
      bias: 'long',
      confidence: 0.8,
      key_levels: { support: [], resistance: [] },
      reasoning: 'e2e: price above the EMAs',
    })
  }
  return defaultResponder(request)
}
