import { addDays, daysBetween } from '../../kernel/dates.ts'

/*
 * When a person's care and support plan is next due for review, and why.
 * Pure: the caller hands in the person's long-term services (as CLD Service
 * events, which an approved plan records and a CLD import brings) and their
 * completed reviews.
 *
 * The rules (REFERENCE §4, Care Act 2014 s27 and the statutory guidance; the
 * Care and Support (Direct Payments) Regulations 2014):
 * - A new plan is first reviewed 6 to 8 weeks after it starts: ASCEND makes it
 *   due at 8 weeks.
 * - A direct payment's use is reviewed within 6 months of it starting.
 * - After that, plans are reviewed at least every 12 months after the last
 *   review.
 *
 * ASCEND's reading of them, where the guidance leaves a choice:
 * - "A plan" is a continuous run of long-term support: services that follow
 *   one another with no more than 7 days between them are one plan, so a
 *   change of package or a yearly price change is not a new plan.
 * - Any completed review counts, planned or unplanned, except a review of
 *   short-term support (which reviews reablement, not a plan).
 * - A review counts as the direct payment's review only when it took place
 *   after the direct payment's first 8 weeks: a first review at 6 to 8 weeks
 *   comes too soon to see how the money has been used.
 * - A review from before the current plan started does not start the
 *   12-month clock: the new plan's first review does.
 * When several reviews are owed, the earliest is the one due.
 */

/** A first review at 6 to 8 weeks: due at the end of that span. */
export const FIRST_REVIEW_DAYS = 56
export const DIRECT_PAYMENT_REVIEW_MONTHS = 6
export const REVIEW_INTERVAL_MONTHS = 12
/** Services starting no more than this many days after the last one ended continue the same plan. */
export const CONTINUOUS_SUPPORT_GAP_DAYS = 7
/** A review sooner than this after a direct payment started cannot be its review. */
export const DIRECT_PAYMENT_SETTLING_DAYS = 56
/** Reviews due within this many days are shown as due soon. */
export const DUE_SOON_DAYS = 28

/** A long-term service (or unpaid carer's support) as the scheduler sees it. */
export interface PlannedService {
  startOn: string
  /** Null while it is open. */
  endOn: string | null
  directPayment: boolean
}

export type ReviewDueReason = 'first review' | 'direct payment review' | 'annual review'

export const REVIEW_DUE_TEXT: Record<ReviewDueReason, string> = {
  'first review': 'First review of a new plan (6 to 8 weeks after it started)',
  'direct payment review': 'Review of a direct payment within 6 months of it starting',
  'annual review': 'Yearly review (at least every 12 months after the last review)',
}

export interface ReviewDue {
  dueOn: string
  reason: ReviewDueReason
}

export interface ReviewSchedule {
  /** The day the current plan (continuous run of support) started. */
  planStartOn: string
  /** The day the current direct payment started, if one is open. */
  directPaymentStartOn: string | null
  /** The latest completed review, whenever it was. */
  lastReviewOn: string | null
  /** The review due next: the earliest of `owed`. */
  next: ReviewDue
  /** Every review owed, earliest first. */
  owed: ReviewDue[]
}

/**
 * Adds whole calendar months to an ISO date; a day the month lacks becomes
 * its last day.
 *
 * @example
 * addMonths('2025-08-31', 6) // '2026-02-28'
 * addMonths('2024-02-29', 12) // '2025-02-28'
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const index = y * 12 + (m - 1) + months
  const year = Math.floor(index / 12)
  const month = index - year * 12
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const date = new Date(Date.UTC(year, month, Math.min(d, lastDay)))
  return date.toISOString().slice(0, 10)
}

/**
 * The start of the continuous run of services open today, or undefined when
 * none is open. Services that have not started yet are ignored.
 *
 * @example
 * currentRunStart([{ startOn: '2025-01-01', endOn: '2025-06-01', directPayment: false },
 *   { startOn: '2025-06-05', endOn: null, directPayment: false }], '2026-06-15') // '2025-01-01'
 */
export function currentRunStart(services: readonly PlannedService[], today: string): string | undefined {
  const started = services
    .filter((s) => s.startOn <= today)
    .sort((a, b) => a.startOn.localeCompare(b.startOn))
  let runStart: string | undefined
  let runEnd: string | null = null
  for (const service of started) {
    const continues =
      runStart !== undefined &&
      (runEnd === null || daysBetween(runEnd, service.startOn) <= CONTINUOUS_SUPPORT_GAP_DAYS)
    if (!continues) {
      runStart = service.startOn
      runEnd = service.endOn
    } else if (runEnd !== null && (service.endOn === null || service.endOn > runEnd)) {
      runEnd = service.endOn
    }
  }
  if (runStart === undefined) return undefined
  return runEnd === null || runEnd >= today ? runStart : undefined
}

/**
 * When the person's plan is next due for review and why, or null when no
 * long-term support is open today (nothing to review).
 *
 * @example
 * reviewSchedule([{ startOn: '2026-01-05', endOn: null, directPayment: true }], [], '2026-06-15')
 * // { planStartOn: '2026-01-05', next: { dueOn: '2026-03-02', reason: 'first review' }, … }
 */
export function reviewSchedule(
  services: readonly PlannedService[],
  reviewsOn: readonly string[],
  today: string,
): ReviewSchedule | null {
  const planStartOn = currentRunStart(services, today)
  if (planStartOn === undefined) return null
  const directPaymentStartOn =
    currentRunStart(
      services.filter((s) => s.directPayment),
      today,
    ) ?? null
  const done = reviewsOn.filter((on) => on <= today).sort()
  const lastReviewOn = done.at(-1) ?? null

  const owed: ReviewDue[] = []
  if (!done.some((on) => on >= planStartOn)) {
    owed.push({ dueOn: addDays(planStartOn, FIRST_REVIEW_DAYS), reason: 'first review' })
  }
  if (directPaymentStartOn !== null) {
    const settled = addDays(directPaymentStartOn, DIRECT_PAYMENT_SETTLING_DAYS)
    if (!done.some((on) => on > settled)) {
      owed.push({
        dueOn: addMonths(directPaymentStartOn, DIRECT_PAYMENT_REVIEW_MONTHS),
        reason: 'direct payment review',
      })
    }
  }
  if (lastReviewOn !== null && lastReviewOn >= planStartOn) {
    owed.push({ dueOn: addMonths(lastReviewOn, REVIEW_INTERVAL_MONTHS), reason: 'annual review' })
  }
  // Stable: on a tie the first review, then the direct payment's, is named.
  owed.sort((a, b) => a.dueOn.localeCompare(b.dueOn))
  return { planStartOn, directPaymentStartOn, lastReviewOn, next: owed[0] as ReviewDue, owed }
}

export type ReviewDueState = 'overdue' | 'due soon' | 'scheduled'

/**
 * How a due date stands today.
 *
 * @example
 * reviewDueState('2026-06-14', '2026-06-15') // 'overdue'
 * reviewDueState('2026-06-15', '2026-06-15') // 'due soon'
 */
export function reviewDueState(dueOn: string, today: string): ReviewDueState {
  const daysLeft = daysBetween(today, dueOn)
  if (daysLeft < 0) return 'overdue'
  return daysLeft <= DUE_SOON_DAYS ? 'due soon' : 'scheduled'
}

/**
 * Days past the due date (0 when not yet due).
 *
 * @example
 * daysOverdue('2026-06-01', '2026-06-15') // 14
 */
export const daysOverdue = (dueOn: string, today: string): number => Math.max(0, daysBetween(dueOn, today))
