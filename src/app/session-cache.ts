import type { CurrentUser } from '../modules/identity/store.ts'

/**
 * Who a session token belongs to, remembered for a few seconds so that a page
 * does not spend one of its few queries on the session every time. Signing out
 * forgets the token at once on this instance; other instances (behind a load
 * balancer) stop honouring it within `ttlMs`, as they would a deactivated user.
 */
export class SessionCache {
  private readonly entries = new Map<string, { user: CurrentUser; until: number }>()

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string, nowMs: number): CurrentUser | undefined {
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.until <= nowMs) {
      this.entries.delete(key)
      return undefined
    }
    return entry.user
  }

  set(key: string, user: CurrentUser, nowMs: number): void {
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value
      if (oldest !== undefined) this.entries.delete(oldest)
    }
    this.entries.set(key, { user, until: nowMs + this.ttlMs })
  }

  forget(key: string): void {
    this.entries.delete(key)
  }
}
