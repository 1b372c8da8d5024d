import { addDays, daysBetween } from '../../kernel/dates.ts'

/*
 * Dates and states of reablement episodes and of the at-home check after a
 * hospital discharge. Pure: today is always passed in.
 */

/**
 * Days after a hospital discharge at which the person's whereabouts are
 * checked: old ASCOF 2B(1) (SALT STS004) asks whether someone discharged into
 * reablement was at home 91 days later (REFERENCE §1).
 */
export const AT_HOME_CHECK_DAYS = 91

/**
 * ASCEND's choice, not a national rule: a check not recorded within two weeks
 * of its due date is shown as overdue, so it is chased while people remember.
 */
export const AT_HOME_CHECK_OVERDUE_AFTER_DAYS = 14

/** The council list shows checks falling due within this many days as coming up. */
export const AT_HOME_CHECK_UPCOMING_DAYS = 28

/**
 * The discharge a reablement episode follows: no more than this many days
 * before the episode started… New ASCOF 2D links reablement starting from 7
 * days before to 3 days after a discharge; ASCEND accepts a wider span so a
 * delayed start can still be recorded as following the discharge.
 */
export const DISCHARGE_BEFORE_START_MAX_DAYS = 28
/** …and no more than this many days after it started (reablement that began on the ward). */
export const DISCHARGE_AFTER_START_MAX_DAYS = 7

/**
 * Reablement is free for up to six weeks (Care and Support (Charging and Assessment of
 * Resources) Regulations 2014, reg 3), so episodes are usually planned to last about that long.
 */
export const USUAL_REABLEMENT_DAYS = 42

/** Where someone was 91 days after leaving hospital. */
export const AT_HOME_CHECK_RESULTS = [
  {
    code: 'at_home',
    label: 'At home',
    hint: 'In their own home, extra care housing or a Shared Lives placement',
    atHome: true,
  },
  { code: 'in_hospital', label: 'In hospital', atHome: false },
  { code: 'care_home', label: 'In a care home', hint: 'Residential or nursing care', atHome: false },
  { code: 'died', label: 'Died', atHome: false },
  { code: 'not_known', label: 'Not known', hint: 'We could not find out where they were', atHome: false },
] as const

export type AtHomeCheckResult = (typeof AT_HOME_CHECK_RESULTS)[number]['code']
export const AT_HOME_CHECK_RESULT_CODES = AT_HOME_CHECK_RESULTS.map((r) => r.code) as [
  AtHomeCheckResult,
  ...AtHomeCheckResult[],
]

/** The words for a check result. */
export const atHomeCheckResultLabel = (code: string | null): string =>
  AT_HOME_CHECK_RESULTS.find((r) => r.code === code)?.label ?? ''

/**
 * The day the at-home check falls due.
 *
 * @example
 * atHomeCheckDueOn('2026-03-01') // '2026-05-31'
 */
export const atHomeCheckDueOn = (dischargedOn: string): string => addDays(dischargedOn, AT_HOME_CHECK_DAYS)

export type AtHomeCheckState = 'recorded' | 'not yet due' | 'due' | 'overdue'

/**
 * Where an at-home check stands today.
 *
 * @example
 * atHomeCheckState({ dueOn: '2026-06-01', result: null }, '2026-06-15') // 'overdue'
 * atHomeCheckState({ dueOn: '2026-06-01', result: null }, '2026-06-14') // 'due'
 */
export function atHomeCheckState(
  check: { dueOn: string; result: string | null },
  today: string,
): AtHomeCheckState {
  if (check.result) return 'recorded'
  const late = daysBetween(check.dueOn, today)
  if (late < 0) return 'not yet due'
  return late < AT_HOME_CHECK_OVERDUE_AFTER_DAYS ? 'due' : 'overdue'
}

/**
 * Why a discharge date cannot be the one this episode followed, or undefined
 * when it can.
 *
 * @example
 * dischargeProblem('2026-06-01', '2026-05-30') // undefined
 * dischargeProblem('2026-06-01', '2026-04-01') // 'Date they left hospital must be no more than 28 days before reablement started'
 */
export function dischargeProblem(startedOn: string, dischargedOn: string): string | undefined {
  const before = daysBetween(dischargedOn, startedOn)
  if (before > DISCHARGE_BEFORE_START_MAX_DAYS) {
    return `Date they left hospital must be no more than ${DISCHARGE_BEFORE_START_MAX_DAYS} days before reablement started`
  }
  if (-before > DISCHARGE_AFTER_START_MAX_DAYS) {
    return `Date they left hospital must be no more than ${DISCHARGE_AFTER_START_MAX_DAYS} days after reablement started`
  }
  return undefined
}

/**
 * Whether reablement started within the span new ASCOF 2D links to a
 * discharge: from 7 days before it to 3 days after it (REFERENCE §1).
 *
 * @example
 * withinAscof2dWindow('2026-06-04', '2026-06-01') // true (3 days after)
 * withinAscof2dWindow('2026-06-05', '2026-06-01') // false
 */
export function withinAscof2dWindow(startedOn: string, dischargedOn: string): boolean {
  const after = daysBetween(dischargedOn, startedOn)
  return after >= -7 && after <= 3
}

export type EpisodeState = 'open' | 'past planned end' | 'ended'

/**
 * Where a reablement episode stands today: ended, or open (and past the day
 * it was planned to end).
 *
 * @example
 * episodeState({ endedOn: null, plannedEndOn: '2026-06-10' }, '2026-06-15') // 'past planned end'
 */
export function episodeState(
  episode: { endedOn: string | null; plannedEndOn: string | null },
  today: string,
): EpisodeState {
  if (episode.endedOn) return 'ended'
  return episode.plannedEndOn && episode.plannedEndOn < today ? 'past planned end' : 'open'
}

/**
 * How many days of reablement, counting the first and the last day (to today
 * while it is open).
 *
 * @example
 * episodeDays({ startedOn: '2026-06-01', endedOn: '2026-06-01' }, '2026-06-15') // 1
 */
export const episodeDays = (episode: { startedOn: string; endedOn: string | null }, today: string): number =>
  daysBetween(episode.startedOn, episode.endedOn ?? today) + 1
