import { describe, expect, it } from 'vitest'
import { backgroundFigures } from './background-figures.ts'

/** A piece of work that ends when told to, or when stopped. */
function held() {
  let finish = () => {}
  const started: AbortSignal[] = []
  const work = (signal: AbortSignal) => {
    started.push(signal)
    return new Promise<void>((resolve, reject) => {
      finish = resolve
      signal.addEventListener('abort', () => reject(signal.reason))
    })
  }
  return { work, started, finish: () => finish() }
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('figures worked out in the background', () => {
  it('runs one piece of work a key at a time, and another once it has ended', async () => {
    const background = backgroundFigures(() => {})
    const one = held()
    background.start('a', one.work)
    background.start('a', one.work)
    await settled()
    expect(one.started).toHaveLength(1)
    expect(background.running('a')).toBe(true)
    expect(background.running('b')).toBe(false)
    one.finish()
    await settled()
    expect(background.running('a')).toBe(false)
    background.start('a', one.work)
    await settled()
    expect(one.started).toHaveLength(2)
    await background.close()
  })

  it('reports work that failed, and forgets it so it can be tried again', async () => {
    const failures: unknown[] = []
    const background = backgroundFigures((error) => failures.push(error))
    background.start('a', async () => {
      throw new Error('no database')
    })
    await settled()
    await settled()
    expect(failures).toEqual([new Error('no database')])
    expect(background.running('a')).toBe(false)
    await background.close()
  })

  it('stops the work when closed, waits for it, reports nothing and starts no more', async () => {
    const failures: unknown[] = []
    const background = backgroundFigures((error) => failures.push(error))
    const one = held()
    background.start('a', one.work)
    await settled()
    await background.close()
    expect(one.started[0]?.aborted).toBe(true)
    expect(background.running('a')).toBe(false)
    background.start('b', one.work)
    await settled()
    expect(one.started).toHaveLength(1)
    expect(failures).toEqual([])
  })
})
