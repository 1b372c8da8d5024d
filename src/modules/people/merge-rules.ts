/*
 * Merging a person recorded twice: when it cannot be done, and which of the
 * kept record's blanks the duplicate fills. Every record of the duplicate
 * moves to the person kept (merge-store.ts); their details are the kept
 * record's, except where it has none.
 */

/** What decides whether two records can be merged. */
export interface MergeFacts {
  keptName: string
  duplicateName: string
  /** The duplicate came in a CLD file, or has events that did. */
  duplicateFromFile: boolean
  bothHaveActivePlan: boolean
  bothInReablement: boolean
  /** A current carer link joins the two. */
  linkedAsCarers: boolean
  /** Current carer links each has with the same third person. */
  sharedCarerLinks: number
}

/**
 * Why the duplicate cannot be merged into the person kept (none when it can).
 *
 * @example
 * mergeRefusals({ …, bothHaveActivePlan: true }) // ['Both … have a support plan in effect: …']
 */
export function mergeRefusals(facts: MergeFacts): string[] {
  const { keptName: kept, duplicateName: duplicate } = facts
  const refusals: string[] = []
  if (facts.duplicateFromFile)
    refusals.push(
      `${duplicate} came in a Client Level Data file: merge the two in the case system that made the file, and its next file will bring them as one person`,
    )
  if (facts.bothHaveActivePlan)
    refusals.push(
      `Both records have a support plan in effect: end one of them before merging, so that ${kept} has one plan`,
    )
  if (facts.bothInReablement)
    refusals.push('Both records have reablement under way: end one episode before merging')
  if (facts.linkedAsCarers)
    refusals.push(
      `${duplicate} is linked as ${kept}’s carer, or ${kept} as theirs: end that link before merging`,
    )
  if (facts.sharedCarerLinks > 0)
    refusals.push(
      'Both records are linked to the same carer or cared-for person: end one of the links before merging',
    )
  return refusals
}

/** The details a duplicate can fill where the kept record has none, as the people table names them. */
const FILLABLE_FIELDS = [
  ['given_name', 'Given name'],
  ['family_name', 'Family name'],
  ['date_of_birth', 'Date of birth'],
  ['date_of_death', 'Date of death'],
  ['nhs_number', 'NHS number'],
  ['postcode', 'Postcode'],
  ['gender', 'Gender'],
  ['ethnicity', 'Ethnicity'],
  ['primary_support_reason', 'Primary support reason'],
  ['accommodation_status', 'Accommodation'],
  ['employment_status', 'Employment status'],
  ['has_unpaid_carer', 'Has an unpaid carer'],
] as const
export type FillableField = (typeof FILLABLE_FIELDS)[number][0]
export type FillableDetails = Partial<Record<FillableField, string | null>>

/** Blank, or a code that says nothing is known: the duplicate's value is better. */
const unknown = (value: string | null | undefined) =>
  value === null ||
  value === undefined ||
  value.trim() === '' ||
  /^(unknown|not known|not stated)$/i.test(value.trim())

/**
 * The kept record's details the duplicate fills: those the kept record lacks
 * (or has as unknown) and the duplicate knows, in the form's order.
 *
 * @example
 * fieldsToFill({ nhs_number: null, postcode: 'LS1 4AB' }, { nhs_number: '9434765919', postcode: 'LS2 7HY' })
 * // [{ field: 'nhs_number', label: 'NHS number', value: '9434765919' }]
 */
export function fieldsToFill(
  kept: FillableDetails,
  duplicate: FillableDetails,
): { field: FillableField; label: string; value: string }[] {
  return FILLABLE_FIELDS.flatMap(([field, label]) => {
    const value = duplicate[field]
    return unknown(kept[field]) && !unknown(value) ? [{ field, label, value: value as string }] : []
  })
}
