import type { EVENT_OUTCOMES } from '../../kernel/code-lists/cld.ts'
import type { Ascof2aCount } from '../measures/rules.ts'

/*
 * What happened when a reablement (CLD "Short term support: ST-Max") episode
 * ended: its sequel. The practitioner chooses one in their own words; each is
 * returned to CLD as the Release 2 event outcome of the episode's Service
 * event.
 *
 * How the outcomes were chosen. DHSC's ASCOF 2A pipeline (REFERENCE §1, new
 * 2A / old 2D; re-implemented in src/modules/measures) takes an episode's
 * sequel as the first of: death; the outcome 'Admitted to hospital'; a service
 * starting within 7 days (long-term support, other short-term, ongoing low
 * level); the event outcomes; equipment during the episode. Outcomes that say
 * something is still to happen ('Progress to …') conclude nothing, so:
 *
 * - Sequels after which nothing more is arranged end with an 'NFA: …' outcome,
 *   which the pipeline reads directly.
 * - Ongoing low-level support (equipment, telecare) ends 'NFA: Support ended
 *   as planned': the reablement did end as planned, and ASCOF 2A counts that
 *   outcome exactly as it counts a following low-level service (both are "no
 *   further request for ongoing support"). A council that also records the
 *   low-level service gets the same answer.
 * - Long-term support and other short-term support end 'Progress to support
 *   planning or services': the sequel the pipeline counts is the service the
 *   approved support plan records, not this outcome.
 * - Early ends (hospital, death, NHS care, self-funding, declined) use their
 *   own outcomes, which ASCOF 2A leaves out.
 */

type EventOutcome = (typeof EVENT_OUTCOMES)[number]

export interface Sequel {
  code: string
  /** What the practitioner reads on the form. */
  label: string
  hint?: string
  /** The CLD Release 2 event outcome of the reablement Service event. */
  eventOutcome: EventOutcome
  ongoingLowLevelSupport: boolean
  longTermSupport: boolean
  /**
   * How ASCOF 2A counts the episode of a new client, once the service this
   * sequel expects (if any) is recorded.
   */
  ascof2a: Ascof2aCount
  /** Whether the request that led to the reablement is done with (else it stays open for an assessment). */
  closesRequest: boolean
}

export const SEQUELS = [
  {
    code: 'no_ongoing_support',
    label: 'No ongoing support needed',
    hint: 'Reablement ended as planned and they manage without further support',
    eventOutcome: 'NFA: Support ended as planned',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: true,
  },
  {
    code: 'ongoing_low_level',
    label: 'Ongoing low-level support',
    hint: 'For example equipment, telecare or a minor adaptation',
    eventOutcome: 'NFA: Support ended as planned',
    ongoingLowLevelSupport: true,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: true,
  },
  {
    code: 'information_and_advice',
    label: 'Information, advice or signposting only',
    hint: 'They were pointed to help in the community',
    eventOutcome: 'NFA: Information and advice or signposting',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: true,
  },
  {
    code: 'other_short_term',
    label: 'Other short-term support at home',
    hint: 'Further short-term support that is not reablement',
    eventOutcome: 'Progress to support planning or services',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: false,
  },
  {
    code: 'long_term_support',
    label: 'Long-term support',
    hint: 'They need a support plan, at home or in a care home',
    eventOutcome: 'Progress to support planning or services',
    ongoingLowLevelSupport: false,
    longTermSupport: true,
    ascof2a: 'denominator only',
    closesRequest: false,
  },
  {
    code: 'moved_away',
    label: 'Moved to another council’s area',
    eventOutcome: 'NFA: Responsibility moved to another local authority',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: true,
  },
  {
    code: 'admitted_to_hospital',
    label: 'Admitted to hospital',
    eventOutcome: 'Admitted to hospital',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'excluded',
    closesRequest: true,
  },
  {
    code: 'died',
    label: 'Died',
    eventOutcome: 'NFA: Deceased',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'excluded',
    closesRequest: true,
  },
  {
    code: 'nhs_funded_care',
    label: 'NHS-funded care',
    hint: 'For example NHS continuing healthcare',
    eventOutcome: 'NFA: Referral to NHS services or NHS funded social care',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'excluded',
    closesRequest: true,
  },
  {
    code: 'self_funding',
    label: 'Arranging and paying for their own support',
    eventOutcome: 'NFA: Self-funded client or under 12wk disregard',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'excluded',
    closesRequest: true,
  },
  {
    code: 'declined',
    label: 'Stopped reablement or declined further support',
    eventOutcome: 'NFA: Support declined',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'excluded',
    closesRequest: true,
  },
  {
    code: 'ended_other_reason',
    label: 'Ended early for another reason',
    eventOutcome: 'NFA: Support ended for other reason',
    ongoingLowLevelSupport: false,
    longTermSupport: false,
    ascof2a: 'numerator',
    closesRequest: true,
  },
] as const satisfies readonly Sequel[]

export type SequelCode = (typeof SEQUELS)[number]['code']

export const SEQUEL_CODES = SEQUELS.map((s) => s.code) as [SequelCode, ...SequelCode[]]

/**
 * The sequel with this code, or undefined.
 *
 * @example
 * sequelFor('long_term_support')?.eventOutcome // 'Progress to support planning or services'
 */
export function sequelFor(code: string | null | undefined): Sequel | undefined {
  return SEQUELS.find((s) => s.code === code)
}

/** What each way ASCOF 2A counts an episode means, in words. */
export const ASCOF_2A_TEXT: Record<Ascof2aCount, string> = {
  numerator: 'Counts as needing no further ongoing support (if they were a new client)',
  'denominator only': 'Counts as going on to long-term support (if they were a new client)',
  excluded: 'Left out of ASCOF 2A: reablement ended early',
}
