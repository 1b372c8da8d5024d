import { afterEach, describe, expect, it, vi } from 'vitest'
import { servicePace } from './export-pace.ts'

describe('how a return made in the service shares the thread', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it.each([
    [false, 15],
    [true, 3],
  ])('busy %s: pages of rows of %i ms', (busy, ms) => {
    expect(servicePace(() => busy).pageMs()).toBe(ms)
  })

  it('gives back five times a page’s working time while pages are asked for', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    let done = false
    const waiting = servicePace(() => true)
      .after(20)
      .then(() => {
        done = true
      })
    await vi.advanceTimersByTimeAsync(99)
    expect(done).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    await waiting
    expect(done).toBe(true)
  })

  it('waits for no timer when no page is asked for, only a turn of the event loop', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    await servicePace(() => false).after(20)
    expect(vi.getTimerCount()).toBe(0)
  })
})
