import type { MessageBoxOptions, MessageBoxReturnValue } from 'electron'
import type { MessageBoxDialog } from '../../../src-main/desktop/quit-guard'

/** Records every message box and answers from a queue (Cancel, unticked, when it runs dry). */
export class FakeDialog implements MessageBoxDialog {
  readonly shown: MessageBoxOptions[] = []
  private readonly answers: MessageBoxReturnValue[] = []

  answer(response: number, checkboxChecked = false): this {
    this.answers.push({ response, checkboxChecked })
    return this
  }

  async showMessageBox(options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
    this.shown.push(options)
    return this.answers.shift() ?? { response: 0, checkboxChecked: false }
  }
}
