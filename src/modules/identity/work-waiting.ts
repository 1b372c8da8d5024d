/**
 * What waits for a user, as counts for their home page: their caseload,
 * people who died with support still open, their team's unallocated
 * requests, the funding requests at their level (and how many are overdue),
 * the budget accounts finance must attend to, a provider's offers. Each count
 * is what the page it links to lists, and reads no one's record (so nothing
 * is audited).
 */
import { isoDay } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { accountsWaiting } from '../accounts/actions.ts'
import { LEVEL_LABELS, ownQueue } from '../decisions/delegation.ts'
import { daysWaiting, isOverdue } from '../decisions/settings.ts'
import { readDecisionSettings } from '../decisions/settings-store.ts'
import { waitingSince } from '../decisions/store.ts'
import { offersWaitingFor } from '../market/offer-store.ts'
import { countDiedWithSupportOpen } from '../people/died-with-support-open.ts'
import { openCaseloadCounts, unallocatedCount } from '../requests/store.ts'
import { can } from './roles.ts'
import type { CurrentUser } from './store.ts'

export interface WorkWaiting {
  caseload?: number
  /** People whose death is recorded while what it ends is still open (a death a CLD import brought). */
  diedWithSupportOpen?: number
  teamQueue?: number
  funding?: { level: string; label: string; waiting: number; overdue: number; escalationDays: number }
  accounts?: { needingAttention: number; awaitingAccount: number }
  offers?: number
}

/**
 * @example
 * const work = await workWaiting(database, user, new Date())
 * work.funding // { level: 'panel', label: 'Panel', waiting: 3, overdue: 1, escalationDays: 28 }
 */
export async function workWaiting(database: Database, user: CurrentUser, now: Date): Promise<WorkWaiting> {
  const { db } = database
  const { councilId, role } = user
  const work: WorkWaiting = {}
  if (can(role, 'caseWork')) {
    work.caseload = (await openCaseloadCounts(db, councilId)).get(user.id) ?? 0
    work.diedWithSupportOpen = await countDiedWithSupportOpen(db, councilId)
  }
  if (can(role, 'allocate') && user.teamId)
    work.teamQueue = await unallocatedCount(db, councilId, user.teamId)
  const level = can(role, 'decideFunding') ? ownQueue(role) : undefined
  if (level) {
    const [since, { settings }] = await Promise.all([
      waitingSince(db, councilId, level),
      readDecisionSettings(db, councilId),
    ])
    work.funding = {
      level,
      label: LEVEL_LABELS[level],
      waiting: since.length,
      overdue: since.filter((at) => isOverdue(daysWaiting(at, now), settings)).length,
      escalationDays: settings.escalationDays,
    }
  }
  if (can(role, 'accounts')) work.accounts = await accountsWaiting(db, councilId, isoDay(now))
  if (user.providerId) work.offers = await offersWaitingFor(db, councilId, user.providerId)
  return work
}
