import type {
  StrategyAdvice,
  StrategyAdvisor,
  StrategyPrompt,
} from '../../../src-main/engine/portfolio'

/** One scripted advisor reply: an answer, an Error to throw, or 'hang' (never answers). */
export type AdvisorReply = StrategyAdvice | Error | 'hang'

/** A strategy advisor that answers from a script and records the prompts it got. */
export class ScriptedAdvisor implements StrategyAdvisor {
  readonly prompts: StrategyPrompt[] = []
  private readonly replies: AdvisorReply[]

  constructor(...replies: AdvisorReply[]) {
    this.replies = replies
  }

  /** A model answer with this text. */
  static text(text: string, model = 'deepseek'): StrategyAdvice {
    return { ok: true, text, model }
  }

  async advise(prompt: StrategyPrompt): Promise<StrategyAdvice> {
    this.prompts.push(prompt)
    const reply = this.replies.shift() ?? { ok: false, error: 'no scripted reply' }
    if (reply === 'hang') return new Promise<StrategyAdvice>(() => {})
    if (reply instanceof Error) throw reply
    return reply
  }
}
