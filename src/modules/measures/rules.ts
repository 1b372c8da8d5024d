/**
 * The rules the national ASCOF measures are computed by, as data and pure
 * functions. They follow DHSC's CLD pipeline for 2024-25 onwards
 * (DataS-DHSC/ASC-CLD-LA-Dashboard, `ASCOF_measures/*_2425_Onwards.sql` and
 * `Main_tables/docs/methodology`), re-implemented here. The SQL that computes
 * the measures is built from these same tables (see `sql.ts`), so a rule is
 * written once and tested here row by row.
 */
import { addDays, daysBetween } from '../../kernel/dates.ts'

export const LT_NURSING = 'Long term support: Nursing care'
export const LT_RESIDENTIAL = 'Long term support: Residential care'
export const LT_COMMUNITY = 'Long term support: Community'
export const LT_PRISON = 'Long term support: Prison'
export const ST_MAX = 'Short term support: ST-Max'
export const ST_LOW_LEVEL = 'Short term support: Ongoing low level'
export const ST_OTHER = 'Short term support: Other short term'
/** Not a CLD service type: the 2A sequel for other short-term support that is a short residential or nursing stay. */
export const ST_RESIDENTIAL_OR_NURSING = 'Short term support: Residential or Nursing care'

/** Stands in for an open end date, as the national scripts do. */
export const OPEN = '9999-01-01'

export const LONG_TERM_SERVICE_TYPES = [LT_NURSING, LT_RESIDENTIAL, LT_COMMUNITY, LT_PRISON] as const

/**
 * Event outcomes in DHSC's order of precedence (1 is preferred when two
 * records tie). Anything else, including a missing outcome, ranks 999.
 */
export const EVENT_OUTCOME_HIERARCHY: readonly (readonly [string, number])[] = [
  ['Progress to reablement/ST-Max', 1],
  ['Progress to assessment, review or reassessment', 2],
  ['Release 1 specification only: Not mapped', 3],
  ['Progress to support planning or services', 4],
  ['Continuation of support or services', 5],
  ['Admitted to hospital', 6],
  ['NFA: Responsibility moved to another local authority', 7],
  ['NFA: Referral to NHS services or NHS funded social care', 8],
  ['NFA: Self-funded client or under 12wk disregard', 9],
  ['NFA: Information and advice or signposting', 10],
  ['NFA: Referral to other service within the local authority', 11],
  ['NFA: Support declined', 12],
  ['NFA: Deceased', 13],
  ['NFA: Support ended as planned', 14],
  ['NFA: Support ended for other reason', 15],
  ['NFA: No services offered for other reason', 16],
  ['NFA: Other', 17],
]

/** Outcomes that say something is still to happen, so cannot be the sequel of a reablement episode. */
export const UNCONCLUDED_OUTCOMES = [
  'Progress to reablement/ST-Max',
  'Progress to assessment, review or reassessment',
  'Release 1 specification only: Not mapped',
  'Progress to support planning or services',
  'Continuation of support or services',
] as const

export const INVALID_OUTCOME = 'Invalid and not mapped'
export const UNRANKED_OUTCOME = 999

/**
 * An outcome's rank when choosing a reablement episode's sequel: its place in
 * the hierarchy, pushed past 100 when it does not conclude anything (so a
 * usable outcome is always preferred); 999 when missing or not recognised.
 *
 * @example
 * sequelOutcomeRank('NFA: Deceased') // 13
 * sequelOutcomeRank('Continuation of support or services') // 105
 * sequelOutcomeRank(null) // 999
 */
export function sequelOutcomeRank(outcome: string | null): number {
  const found = EVENT_OUTCOME_HIERARCHY.find(([name]) => name === outcome)
  if (!found) return UNRANKED_OUTCOME
  return (UNCONCLUDED_OUTCOMES as readonly string[]).includes(found[0]) ? found[1] + 100 : found[1]
}

/** The outcome a rank stands for (the inverse of `sequelOutcomeRank`). */
export function outcomeOfRank(rank: number): string {
  return EVENT_OUTCOME_HIERARCHY.find(([name]) => sequelOutcomeRank(name) === rank)?.[0] ?? INVALID_OUTCOME
}

/** Which service following a reablement episode is its sequel when several start within the window: lowest first. */
export const SEQUEL_SERVICE_HIERARCHY: readonly (readonly [string, number])[] = [
  [LT_NURSING, 1],
  [LT_RESIDENTIAL, 2],
  [LT_COMMUNITY, 3],
  [LT_PRISON, 4],
  [ST_MAX, 5],
  [ST_LOW_LEVEL, 6],
  [ST_OTHER, 7],
]
export const UNRANKED_SERVICE = 99

/** @example sequelServiceRank('Long term support: Community') // 3 */
export function sequelServiceRank(serviceType: string | null): number {
  return SEQUEL_SERVICE_HIERARCHY.find(([name]) => name === serviceType)?.[1] ?? UNRANKED_SERVICE
}

export const SHORT_TERM_STAY_COMPONENTS = ['Short term residential care', 'Short term nursing care'] as const

/** Days after a reablement episode ends in which a service, request, assessment or review can be its sequel. */
export const SEQUEL_WINDOW_DAYS = 7
/** Reablement services this many days apart or fewer (or overlapping) are one episode. */
export const EPISODE_GAP_DAYS = 7
/** Someone whose long-term support ended fewer than this many days before an episode began is not a new client. */
export const NEW_CLIENT_DAYS = 91
/** An assessment or review ending within this many days before an episode ends can give its sequel. */
export const NESTED_ASSESSMENT_DAYS = 14
/** A residential or nursing stay that began after another ended fewer than this many days before is not a new admission. */
export const READMISSION_DAYS = 365

/** How a reablement episode's final outcome counts in ASCOF 2A. */
export type Ascof2aCount = 'numerator' | 'denominator only' | 'excluded'

/** Sequels that count in both the numerator and the denominator: no ongoing long-term support followed. */
export const ASCOF_2A_NUMERATOR_OUTCOMES = [
  ST_LOW_LEVEL,
  ST_OTHER,
  'NFA: Information and advice or signposting',
  'NFA: Support ended as planned',
  'NFA: Responsibility moved to another local authority',
  'NFA: Other',
  'NFA: No services offered for other reason',
  'NFA: Support ended for other reason',
  'NFA: Referral to other service within the local authority',
] as const

/** Sequels in the denominator but not the numerator. */
export const ASCOF_2A_DENOMINATOR_ONLY_OUTCOMES = [
  LT_COMMUNITY,
  LT_NURSING,
  LT_RESIDENTIAL,
  LT_PRISON,
  ST_RESIDENTIAL_OR_NURSING,
] as const

/**
 * How an episode's final outcome counts in ASCOF 2A. Death, hospital, NHS care,
 * self-funding, declined support and outcomes that could not be classified are
 * left out altogether.
 *
 * @example
 * ascof2aCount('Long term support: Community') // 'denominator only'
 * ascof2aCount('NFA: Deceased') // 'excluded'
 */
export function ascof2aCount(finalOutcome: string): Ascof2aCount {
  if ((ASCOF_2A_NUMERATOR_OUTCOMES as readonly string[]).includes(finalOutcome)) return 'numerator'
  if ((ASCOF_2A_DENOMINATOR_ONLY_OUTCOMES as readonly string[]).includes(finalOutcome))
    return 'denominator only'
  return 'excluded'
}

/** A service event as the episode clustering sees it: dates, with an open end as undefined/null. */
export interface DatedEvent {
  start: string
  end: string | null
}

/**
 * Groups a person's reablement services into episodes: a service starting no
 * more than `gapDays` after the latest end so far (or overlapping) joins the
 * current episode. Services are taken in start order; an open service runs on.
 *
 * @example
 * clusterEpisodes([{ start: '2024-05-01', end: '2024-05-20' }, { start: '2024-05-27', end: '2024-06-10' }])
 * // [{ start: '2024-05-01', end: '2024-06-10', count: 2 }]
 */
export function clusterEpisodes(events: readonly DatedEvent[], gapDays = EPISODE_GAP_DAYS) {
  const sorted = [...events].sort(
    (a, b) => a.start.localeCompare(b.start) || (a.end ?? OPEN).localeCompare(b.end ?? OPEN),
  )
  const episodes: { start: string; end: string; count: number }[] = []
  let latestEnd: string | undefined
  for (const event of sorted) {
    const end = event.end ?? OPEN
    const current = episodes.at(-1)
    if (current && latestEnd !== undefined && daysBetween(latestEnd, event.start) <= gapDays) {
      current.count += 1
      if (end > current.end) current.end = end
    } else {
      episodes.push({ start: event.start, end, count: 1 })
    }
    if (latestEnd === undefined || end > latestEnd) latestEnd = end
  }
  return episodes.map((episode) => ({ ...episode, end: episode.end === OPEN ? null : episode.end }))
}

/**
 * Whether someone's long-term support makes them an existing client when an
 * episode starts: a service that began before the episode and had not ended
 * at least `NEW_CLIENT_DAYS` days before it.
 *
 * @example
 * isExistingClient({ start: '2024-01-01', end: '2024-03-01' }, '2024-05-01') // true (61 days)
 */
export function isExistingClient(longTermService: DatedEvent, episodeStart: string): boolean {
  if (longTermService.start >= episodeStart) return false
  return longTermService.end === null || daysBetween(longTermService.end, episodeStart) < NEW_CLIENT_DAYS
}

/**
 * Whether an earlier residential or nursing stay makes an admission not new
 * (a move between residential and nursing care, or a stay re-entered within a year).
 *
 * @example
 * isReadmission({ start: '2023-05-01', end: '2024-06-01' }, '2024-06-01') // true (a transfer)
 * isReadmission({ start: '2022-01-01', end: '2023-05-31' }, '2024-06-01') // false (367 days)
 */
export function isReadmission(earlierStay: DatedEvent, admissionStart: string): boolean {
  if (earlierStay.start >= admissionStart) return false
  return earlierStay.end === null || daysBetween(earlierStay.end, admissionStart) < READMISSION_DAYS
}

/**
 * ASCOF 3D: one setting per person at the period end, the lowest rank winning.
 * A direct payment is recognised by the service component as well as the
 * delivery mechanism (the mechanism is optional in CLD).
 */
export const SETTING_RANKS = {
  nursing: 1,
  residential: 2,
  communityDirectPayment: 3,
  communityManagedBudget: 4,
  communityCommissioned: 5,
  communityUnknown: 6,
  prisonManagedBudget: 7,
  prisonCommissioned: 8,
  prisonUnknown: 9,
} as const

/**
 * A long-term service's setting rank for ASCOF 3D (case of the mechanism and
 * component ignored, as the national pipeline does).
 *
 * @example
 * settingRank('Long term support: Community', null, 'Direct payment') // 3
 * settingRank('Long term support: Prison', 'Direct Payment', null) // 9 (no direct payments in prison)
 */
export function settingRank(serviceType: string, mechanism: string | null, component: string | null): number {
  const directPaymentComponent = component?.toLowerCase() === 'direct payment'
  const m = directPaymentComponent ? 'direct payment' : (mechanism?.toLowerCase() ?? '')
  if (serviceType === LT_NURSING) return SETTING_RANKS.nursing
  if (serviceType === LT_RESIDENTIAL) return SETTING_RANKS.residential
  if (serviceType === LT_COMMUNITY) {
    if (m === 'direct payment') return SETTING_RANKS.communityDirectPayment
    if (m === 'cassr managed personal budget') return SETTING_RANKS.communityManagedBudget
    if (m === 'cassr commissioned support') return SETTING_RANKS.communityCommissioned
    return SETTING_RANKS.communityUnknown
  }
  if (m === 'cassr managed personal budget') return SETTING_RANKS.prisonManagedBudget
  if (m === 'cassr commissioned support') return SETTING_RANKS.prisonCommissioned
  return SETTING_RANKS.prisonUnknown
}

/** Accommodation statuses that count as settled for ASCOF 2E (living in their own home or with family). */
export const SETTLED_ACCOMMODATION = [
  'Owner occupier or shared ownership scheme',
  'Tenant: Local authority or other social housing provider',
  'Tenant: Private landlord',
  'Settled mainstream housing with family or friends',
  'Supported accommodation, supported lodgings or supported group home',
  'Shared Lives scheme',
  'Approved premises for offenders released from prison or under probation supervision',
  'Sheltered housing, extra care housing or other sheltered housing',
  'Mobile accommodation for Gypsy, Roma and Traveller communities',
] as const

export const UNSETTLED_ACCOMMODATION = [
  'Rough sleeper or squatting',
  'Night shelter, emergency hostel or direct access hostel',
  'Refuge',
  'Placed in temporary accommodation by the council (inc. homelessness resettlement)',
  'Staying with family or friends as a short term guest',
  'Acute hospital or long term healthcare residential facility',
  'Registered care home',
  'Registered nursing home',
  'Prison, young offenders institution or detention centre',
  'Other temporary accommodation',
] as const

/** DHSC's two made-up statuses for someone whose accommodation is unknown but whose services say something. */
export const PRESUMED_AT_HOME = 'Unknown: presumed at home'
export const PRESUMED_IN_COMMUNITY = 'Unknown: presumed in community'

/** Service components that tell where someone lives. */
export const ACCOMMODATION_COMPONENTS = [
  'Shared Lives',
  'Community supported living',
  'Extra care housing',
  'Home support or domiciliary care',
] as const

/**
 * Whether an accommodation status is a known one (so no deduction is needed).
 *
 * @example
 * isKnownAccommodation('Tenant: Private landlord') // true
 * isKnownAccommodation('Unknown') // false
 */
export function isKnownAccommodation(status: string | null): boolean {
  return (
    status !== null &&
    ((SETTLED_ACCOMMODATION as readonly string[]).includes(status) ||
      (UNSETTLED_ACCOMMODATION as readonly string[]).includes(status))
  )
}

/** @example isSettled('Unknown: presumed at home') // true */
export function isSettled(status: string): boolean {
  return (SETTLED_ACCOMMODATION as readonly string[]).includes(status) || status === PRESUMED_AT_HOME
}

export interface ServiceForAccommodation {
  serviceType: string | null
  component: string | null
  start: string
  end: string | null
}

/**
 * Deduces accommodation for someone whose latest status is unknown, from their
 * latest services: the latest ending (open first), then the highest service in
 * the hierarchy, then one whose component says where they live, then the latest
 * start. When the latest services disagree on the type or the telling
 * component, that part is treated as unknown.
 *
 * @example
 * deduceAccommodation([{ serviceType: 'Long term support: Community', component: 'Home support or domiciliary care', start: '2024-01-01', end: null }])
 * // 'Unknown: presumed at home'
 */
export function deduceAccommodation(services: readonly ServiceForAccommodation[]): string {
  const open = OPEN
  const keyed = services.map((s) => {
    const rank = sequelServiceRank(s.serviceType)
    const telling = ACCOMMODATION_COMPONENTS.find((c) => c.toLowerCase() === s.component?.toLowerCase())
    return { ...s, rank, telling, key: [s.end ?? open, -rank, telling ? 1 : 0, s.start] as const }
  })
  // Later end, then higher in the hierarchy, then a telling component, then later start.
  const better = (a: (typeof keyed)[number]['key'], b: (typeof keyed)[number]['key']) => {
    for (const [i, value] of a.entries()) {
      const other = b[i] as typeof value
      if (value !== other) return value > other ? 1 : -1
    }
    return 0
  }
  let latest: typeof keyed = []
  for (const service of keyed) {
    const order = latest[0] ? better(service.key, latest[0].key) : 1
    if (order > 0) latest = [service]
    else if (order === 0) latest.push(service)
  }
  const types = [...new Set(latest.filter((s) => s.rank !== UNRANKED_SERVICE).map((s) => s.serviceType))]
  const components = [...new Set(latest.filter((s) => s.telling).map((s) => s.telling))]
  const type = types.length === 1 ? types[0] : null
  const component = components.length === 1 ? components[0] : null
  if (type === LT_NURSING) return 'Registered nursing home'
  if (type === LT_RESIDENTIAL) return 'Registered care home'
  if (component === 'Shared Lives') return 'Shared Lives scheme'
  if (component === 'Extra care housing')
    return 'Sheltered housing, extra care housing or other sheltered housing'
  if (component === 'Community supported living')
    return 'Supported accommodation, supported lodgings or supported group home'
  if (type === LT_COMMUNITY && component === 'Home support or domiciliary care') return PRESUMED_AT_HOME
  if (type === LT_COMMUNITY && component === null) return PRESUMED_IN_COMMUNITY
  if (type === LT_PRISON) return 'Prison, young offenders institution or detention centre'
  return 'Unknown'
}

/**
 * Units a week implied by a cost frequency, as DHSC's cost tables work it
 * out: a weekly or longer frequency fixes the units; otherwise (hourly,
 * daily, per session) the planned units per week are used.
 *
 * @example
 * unitsPerWeek('Monthly', null) // 12 / 52
 * unitsPerWeek('Hourly', 14) // 14
 */
export function unitsPerWeek(frequency: string | null, plannedUnitsPerWeek: number | null): number | null {
  const f = frequency?.toLowerCase() ?? ''
  if (f.startsWith('week')) return 1
  if (f.startsWith('fortnight')) return 1 / 2
  if (f.startsWith('4-week')) return 1 / 4
  if (f.startsWith('month')) return 12 / 52
  if (f.startsWith('quarter')) return 4 / 52
  if (f.startsWith('annual')) return 1 / 52
  return plannedUnitsPerWeek === null ? null : Math.abs(plannedUnitsPerWeek)
}

/**
 * A service's planned cost in a period, in pence: cost a week times the weeks
 * (days / 7, both ends counted) it ran within the period; a one-off cost
 * counts whole. Null when there is no cost or no way to know the units.
 *
 * @example
 * plannedCostInPeriod({ unitCostPence: 2000, frequency: 'Hourly', plannedUnitsPerWeek: 10, start: '2024-04-01', end: '2024-04-14' }, { start: '2024-04-01', end: '2025-03-31' })
 * // 40000 (£200 a week for 2 weeks)
 */
export function plannedCostInPeriod(
  service: {
    unitCostPence: number | null
    frequency: string | null
    plannedUnitsPerWeek: number | null
    start: string
    end: string | null
  },
  period: { start: string; end: string },
): number | null {
  if (!service.unitCostPence) return null
  const unitCost = Math.abs(service.unitCostPence)
  if (service.start > period.end || (service.end !== null && service.end < period.start)) return 0
  if (service.frequency?.toLowerCase() === 'one-off') return unitCost
  const units = unitsPerWeek(service.frequency, service.plannedUnitsPerWeek)
  if (!units) return null
  // ISO dates compare as text: the later start and the earlier end.
  const [, from] = [service.start, period.start].sort() as [string, string]
  const to = service.end === null || service.end > period.end ? period.end : service.end
  return unitCost * units * (daysBetween(from, addDays(to, 1)) / 7)
}
