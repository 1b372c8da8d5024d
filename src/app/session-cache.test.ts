import { describe, expect, it } from 'vitest'
import type { CurrentUser } from '../modules/identity/store.ts'
import { SessionCache } from './session-cache.ts'

const user = (id: string) => ({ id }) as CurrentUser

describe('the session cache', () => {
  it.each([
    [0, true],
    [4_999, true],
    [5_000, false],
    [60_000, false],
  ])('after %i ms a remembered token is %s', (elapsed, found) => {
    const cache = new SessionCache(5_000)
    cache.set('t', user('u'), 1_000)
    expect(cache.get('t', 1_000 + elapsed) !== undefined).toBe(found)
  })

  it('forgets a token at once', () => {
    const cache = new SessionCache()
    cache.set('t', user('u'), 0)
    cache.forget('t')
    expect(cache.get('t', 1)).toBeUndefined()
  })

  it('holds at most its limit, dropping the oldest', () => {
    const cache = new SessionCache(5_000, 2)
    cache.set('a', user('a'), 0)
    cache.set('b', user('b'), 0)
    cache.set('c', user('c'), 0)
    expect(cache.get('a', 1)).toBeUndefined()
    expect(cache.get('b', 1)?.id).toBe('b')
    expect(cache.get('c', 1)?.id).toBe('c')
  })
})
