import { describe, expect, it } from 'vitest'
import { madeAtFirstUse } from './made-at-first-use.ts'

describe('madeAtFirstUse', () => {
  it('makes nothing until asked, then makes the value once and keeps it', () => {
    let made = 0
    const value = madeAtFirstUse(() => ({ made: ++made }))
    expect(made).toBe(0)
    const first = value()
    expect(value()).toBe(first)
    expect(made).toBe(1)
  })
})
