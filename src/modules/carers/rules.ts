import { z } from 'zod'
import { type DateInput, pastOrToday } from '../../kernel/date-input.ts'
import { absent } from '../../kernel/validation.ts'

/*
 * An unpaid carer linked to the adult they care for: who, how they are
 * related, whether they live together, how many hours a week they care, and
 * since when. And what the link writes into the carer's CLD fields.
 */

/** How the carer is related to the person (ASCEND's list: CLD records no relationship). */
export const RELATIONSHIPS = [
  'Husband, wife or partner',
  'Son or daughter',
  'Parent',
  'Brother or sister',
  'Other relative',
  'Friend or neighbour',
  'Someone else',
] as const

/** A week's hours: more is a typing mistake. */
export const HOURS_MAX = 168

export const CARING_STARTED_DATE: DateInput = {
  field: 'startedOn',
  name: 'Date the caring started',
  missing: 'Enter the date the caring started',
}
export const CARING_ENDED_DATE: DateInput = {
  field: 'endedOn',
  name: 'Date the caring ended',
  missing: 'Enter the date the caring ended',
}

const HOURS_ERROR = { error: `Hours caring a week must be a whole number from 0 to ${HOURS_MAX}` }

/** Yes or no as a form's radios send it, or as JSON's true and false. */
const yesNo = (message: string) =>
  z.preprocess(
    (value) => (value === 'yes' ? true : value === 'no' ? false : absent(value)),
    z.boolean({ error: message }),
  )

/**
 * A link as the form and the API send it.
 *
 * @example
 * parseInput(carerLinkSchema('2026-06-15'), { carerId, relationship: 'Son or daughter', livesWith: 'no', startedOn: '2024-01-01' })
 */
export const carerLinkSchema = (today: string) =>
  z.object({
    carerId: z.preprocess(absent, z.uuid({ error: 'Choose who the carer is' })),
    relationship: z.preprocess(
      absent,
      z.enum(RELATIONSHIPS, { error: 'Choose how the carer is related to the person' }),
    ),
    livesWith: yesNo('Choose whether the carer lives with the person'),
    hoursAWeek: z.preprocess(
      absent,
      z.coerce
        .number(HOURS_ERROR)
        .int(HOURS_ERROR)
        .min(0, HOURS_ERROR)
        .max(HOURS_MAX, HOURS_ERROR)
        .optional(),
    ),
    startedOn: z.preprocess(absent, pastOrToday(CARING_STARTED_DATE, today)),
  })
export type CarerLinkInput = z.output<ReturnType<typeof carerLinkSchema>>

/**
 * The end of a link: today or earlier, and not before the caring started.
 *
 * @example
 * parseInput(endLinkSchema('2026-06-15', '2024-01-01'), { endedOn: '2026-06-01' })
 */
export const endLinkSchema = (today: string, startedOn: string) =>
  z.object({
    endedOn: z.preprocess(
      absent,
      pastOrToday(CARING_ENDED_DATE, today).refine((day) => day >= startedOn, {
        error: 'Date the caring ended must be on or after the date it started',
      }),
    ),
  })

/** A carer's CLD fields about the adults they care for (their council IDs), as the person row holds them. */
export interface CaredForFields {
  /** Adult_1/2/3_Linked_Person_ID: null where none. */
  linked: readonly [string | null, string | null, string | null]
  /** No_of_adults_being_cared_for: may count adults the file did not name. */
  count: number | null
  /** Total_Hrs_Caring_per_week (free text in CLD). */
  hours: string | null
}

/** A carer's current and ended links recorded in ASCEND, each naming the cared-for adult's council ID. */
export interface CarerLinksOf {
  /** Current links, earliest first. */
  current: readonly { laPersonId: string; hoursAWeek: number | null }[]
  ended: readonly string[]
}

/**
 * What a carer's CLD fields become after a link is made or ended. The adults
 * a CLD file named stay, unless a link to them has been ended here; the
 * adults of current links are added after them; the first three are named. The
 * count keeps any adults the file counted without naming. The hours are the
 * sum of the current links' where any gives hours; otherwise the file's, while
 * adults it named or counted remain; otherwise none.
 *
 * @example
 * caredForFields({ linked: ['P1', null, null], count: 1, hours: null }, { current: [{ laPersonId: 'P2', hoursAWeek: 20 }], ended: [] })
 * // { linked: ['P1', 'P2', null], count: 2, hours: '20' }
 */
export function caredForFields(before: CaredForFields, links: CarerLinksOf): CaredForFields {
  const named = before.linked.filter((id): id is string => id !== null)
  const unnamed = Math.max(0, (before.count ?? 0) - named.length)
  const ended = new Set(links.ended)
  const current = links.current.map((link) => link.laPersonId)
  const adults = [...new Set([...named.filter((id) => !ended.has(id) || current.includes(id)), ...current])]
  const count = adults.length + unnamed
  const hours = links.current.flatMap((link) => (link.hoursAWeek === null ? [] : [link.hoursAWeek]))
  const fileAdultsRemain = unnamed > 0 || adults.some((id) => !current.includes(id))
  return {
    linked: [adults[0] ?? null, adults[1] ?? null, adults[2] ?? null],
    count: count === 0 && before.count === null ? null : count,
    hours:
      hours.length > 0
        ? String(hours.reduce((sum, h) => sum + h, 0))
        : fileAdultsRemain
          ? before.hours
          : null,
  }
}

/**
 * The day on or after which a carer's last assessment must have begun for
 * them not to be due another (Care Act 2014 s10 gives a carer the right to
 * one; ASCEND offers it yearly): the same day a year before (28 February for
 * 29 February).
 *
 * @example
 * carerAssessmentDueBefore('2026-06-15') // '2025-06-15'
 * carerAssessmentDueBefore('2028-02-29') // '2027-02-28'
 */
export function carerAssessmentDueBefore(today: string): string {
  const [year, month, day] = today.split('-').map(Number) as [number, number, number]
  const last = new Date(Date.UTC(year - 1, month, 0)).getUTCDate()
  return `${year - 1}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`
}
