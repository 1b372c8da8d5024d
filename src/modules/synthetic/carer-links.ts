/**
 * A synthetic council's unpaid carers linked to the adults they care for:
 * most of its carers (people who asked for support as carers) care for one
 * of its people who has an unpaid carer, chosen at random; the rest care for
 * someone the council does not support. A linked carer's CLD fields name the
 * adult, as a link recorded in ASCEND writes them (carers/rules.ts).
 *
 * Pure and deterministic, with its own random stream, so everything drawn
 * before it stays as it was.
 */
import { caredForFields, type RELATIONSHIPS } from '../carers/rules.ts'
import { dayOf, isoOf } from './day-numbers.ts'
import type { GeneratedCouncil } from './generate-council.ts'
import type { Random, Weights } from './random.ts'

export interface SyntheticCarerLink {
  carer: number
  cared_for: number
  relationship: (typeof RELATIONSHIPS)[number]
  lives_with: boolean
  hours_a_week: number | null
  started_on: string
  /** The worker who recorded it: the one who assessed the carer. */
  created_by: number
}

/** Share of carers caring for someone the council supports. ASSUMED: many care for someone who is not known to it. */
const LINKED_SHARE = 0.7
/** How a carer of working age is related to an older adult, and to one near their own age. ASSUMED. */
const OLDER: Weights<(typeof RELATIONSHIPS)[number]> = [
  ['Son or daughter', 70],
  ['Other relative', 12],
  ['Friend or neighbour', 10],
  ['Someone else', 8],
]
const NEAR_AGE: Weights<(typeof RELATIONSHIPS)[number]> = [
  ['Husband, wife or partner', 60],
  ['Brother or sister', 20],
  ['Friend or neighbour', 12],
  ['Other relative', 8],
]
/** Hours a week: Carers UK finds most carers care for under 20 hours, and many for 50 or more. */
const HOURS: Weights<number> = [
  [10, 35],
  [20, 20],
  [35, 15],
  [50, 15],
  [70, 10],
  [100, 5],
]

/**
 * Links the council's carers to adults it supports, and writes each linked
 * carer's CLD fields into their person.
 *
 * @example
 * council.carerLinks = addCarerLinks(council, createRandom(seed + 4_000_003))
 */
export function addCarerLinks(council: GeneratedCouncil, random: Random): SyntheticCarerLink[] {
  const asOf = dayOf(council.asOf)
  const caredFor = council.people.flatMap((person, index) =>
    person.client_type === 'Service user' &&
    person.has_unpaid_carer === 'Yes' &&
    person.date_of_death === null
      ? [index]
      : [],
  )
  const assessorOf = new Map<number, number>()
  for (const assessment of council.assessments)
    if (assessment.kind === 'carer' && !assessorOf.has(assessment.person))
      assessorOf.set(assessment.person, assessment.assessor)
  const links: SyntheticCarerLink[] = []
  const taken = new Set<number>()
  council.people.forEach((carer, index) => {
    const assessor = assessorOf.get(index)
    if (carer.client_type !== 'Unpaid carer' || assessor === undefined || caredFor.length === 0) return
    if (!random.chance(LINKED_SHARE)) return
    const adult = random.pick(caredFor)
    if (taken.has(adult)) return
    taken.add(adult)
    const person = council.people[adult] as (typeof council.people)[number]
    const ageGap = Math.abs(dayOf(carer.date_of_birth) - dayOf(person.date_of_birth)) / 365.25
    const relationship = random.weighted(ageGap < 12 ? NEAR_AGE : OLDER)
    const since = Math.max(dayOf(carer.date_of_birth) + 18 * 365, asOf - random.int(180, 10 * 365))
    const link: SyntheticCarerLink = {
      carer: index,
      cared_for: adult,
      relationship,
      lives_with: relationship === 'Husband, wife or partner' || random.chance(0.3),
      hours_a_week: random.chance(0.85) ? random.weighted(HOURS) : null,
      started_on: isoOf(Math.min(since, dayOf(carer.created_at))),
      created_by: assessor,
    }
    links.push(link)
    const fields = caredForFields(
      { linked: [null, null, null], count: null, hours: null },
      { current: [{ laPersonId: person.la_person_id, hoursAWeek: link.hours_a_week }], ended: [] },
    )
    carer.adult_1_linked_person_id = fields.linked[0]
    carer.no_of_adults_being_cared_for = fields.count
    carer.total_hrs_caring_per_week = fields.hours
  })
  return links
}
