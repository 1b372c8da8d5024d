import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { coalesce } from './coalesce.ts'

describe('coalesce', () => {
  it('gives every caller the answer for its own key, whatever the batching', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 30 }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 10 }),
        async (turns, maxBatch) => {
          const batches: number[][] = []
          const square = coalesce(
            async (keys: readonly number[]) => {
              batches.push([...keys])
              return keys.map((key) => key * key)
            },
            { maxBatch },
          )
          for (const keys of turns) {
            const answers = await Promise.all(keys.map(square))
            expect(answers).toEqual(keys.map((key) => key * key))
          }
          expect(batches.every((batch) => batch.length >= 1 && batch.length <= maxBatch)).toBe(true)
          expect(batches.flat().length).toBe(turns.flat().length)
        },
      ),
    )
  })

  it('shares one call between the callers of one turn of the event loop', async () => {
    const calls: string[][] = []
    const upper = coalesce(async (keys: readonly string[]) => {
      calls.push([...keys])
      return keys.map((key) => key.toUpperCase())
    })
    expect(await Promise.all(['a', 'b', 'c'].map(upper))).toEqual(['A', 'B', 'C'])
    expect(calls).toEqual([['a', 'b', 'c']])
    expect(await upper('d')).toBe('D')
    expect(calls).toEqual([['a', 'b', 'c'], ['d']])
  })

  it.each([
    ['the call fails', async () => Promise.reject(new Error('connection lost')), 'connection lost'],
    ['the call answers too few keys', async () => [1], 'answered 1 of 2 keys'],
  ])('fails every caller of the batch when %s', async (_, run, message) => {
    const read = coalesce(run as (keys: readonly number[]) => Promise<number[]>)
    const results = await Promise.allSettled([read(1), read(2)])
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected'])
    for (const result of results) expect(String((result as PromiseRejectedResult).reason)).toContain(message)
    const after = coalesce(async (keys: readonly number[]) => keys)
    expect(await after(3)).toBe(3)
  })
})
