import { describe, expect, it } from 'vitest'
import { PushesDuringLoad } from '../../../../src-renderer/src/store/pushes-during-load'

interface Item {
  id: string
  version: number
}
const item = (id: string, version: number): Item => ({ id, version })

describe('items pushed while a load is out', () => {
  it('are handed back once the last load ended, newest of each, and only then', async () => {
    const pushes = new PushesDuringLoad<Item>()
    pushes.note(item('before', 1))
    const reapplied: Item[][] = []
    let endFirst: () => void = () => undefined
    const first = pushes.around(
      () => new Promise<void>((resolve) => (endFirst = resolve)),
      (items) => reapplied.push(items),
    )
    pushes.note(item('a', 1))
    const second = pushes.around(
      async () => pushes.note(item('a', 2)),
      (items) => reapplied.push(items),
    )
    await second
    // The first load is still out: nothing yet.
    expect(reapplied).toEqual([])
    endFirst()
    await first
    expect(reapplied).toEqual([[item('a', 2)]])
    // A failed load hands them back too; nothing noted without a load out.
    await pushes
      .around(
        async () => {
          pushes.note(item('b', 1))
          throw new Error('offline')
        },
        (items) => reapplied.push(items),
      )
      .catch(() => undefined)
    expect(reapplied.at(-1)).toEqual([item('b', 1)])
    pushes.note(item('after', 1))
    await pushes.around(
      async () => undefined,
      (items) => reapplied.push(items),
    )
    expect(reapplied).toHaveLength(2)
  })
})
