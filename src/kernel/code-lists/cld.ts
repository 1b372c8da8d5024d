/**
 * Adult Social Care Client Level Data (CLD) code lists.
 *
 * Each list is a readonly array of the values exactly as CLD writes them; the
 * string is the code. Release 2 is canonical (DHSC has mapped Release 1 to
 * Release 2 since October 2025), and each list's Release 1 spellings are kept
 * beside it as data so that old files and old habits still match.
 *
 * Where the Release 2 spelling could not be found in a public source the list
 * says so and holds the Release 1 spelling instead; confirm those against the
 * Release 2 specification before relying on them for a submission.
 *
 * Sources (re-implemented, never copied):
 * - R2 docs: DataS-DHSC/ASC-CLD-LA-Dashboard `Main_tables/docs/methodology/*.md`
 *   and its Release 2 era SQL (waiting times, latest person details, ASCOF 3D).
 * - R1 SQL: NHSDigital/ASC-Client-Level-Data-SALT-ASCOF-transformations.
 * - R1 guidance: CLD Guidance Release 1 (February 2023), as quoted by the ASC
 *   glossary site (marketingteam125.wixsite.com/ascglossary).
 * - Secondary: SocialCareData's draft Safeguarding Standard, whose vocabularies
 *   say they come from the CLD specification (close to Release 2, not verbatim
 *   in every case), and DHSC's Get-Adult-Social-Care-Data service.
 */

/** Gender. The same in Release 1 and 2 (DHSC pipeline comment). */
export const GENDERS = ['Male', 'Female', 'Other', 'Unknown'] as const

/**
 * Ethnicity: the ONS 2021 categories (19) and the two 'No data' values, in the
 * spelling of the DHSC Release 2 mapping table.
 */
export const ETHNICITIES = [
  'Asian or Asian British: Bangladeshi',
  'Asian or Asian British: Chinese',
  'Asian or Asian British: Indian',
  'Asian or Asian British: Pakistani',
  'Asian or Asian British: Any other Asian background',
  'Black, Black British, Caribbean or African: African',
  'Black, Black British, Caribbean or African: Caribbean',
  'Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background',
  'Mixed or multiple ethnic groups: White and Asian',
  'Mixed or multiple ethnic groups: White and Black African',
  'Mixed or multiple ethnic groups: White and Black Caribbean',
  'Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background',
  'White: English, Welsh, Scottish, Northern Irish or British',
  'White: Irish',
  'White: Gypsy or Irish Traveller',
  'White: Roma',
  'White: Any other White background',
  'Other ethnic group: Arab',
  'Other ethnic group: Any other ethnic group',
  'No data: Refused',
  'No data: Undeclared or not known',
] as const

/**
 * Release 1 ethnicity spellings. Only 'Mixed: White and Asian' and the two
 * 'No data' spellings were seen in a source; the other two 'Mixed:' entries
 * follow the same pattern.
 */
export const ETHNICITY_RELEASE_1: Readonly<Record<string, (typeof ETHNICITIES)[number]>> = {
  'Mixed: White and Asian': 'Mixed or multiple ethnic groups: White and Asian',
  'Mixed: White and Black African': 'Mixed or multiple ethnic groups: White and Black African',
  'Mixed: White and Black Caribbean': 'Mixed or multiple ethnic groups: White and Black Caribbean',
  'No data - Refused': 'No data: Refused',
  'No data - Undeclared or Not known': 'No data: Undeclared or not known',
}

/** Client type, Release 2 (DHSC waiting times and ASCOF 3D SQL). */
export const CLIENT_TYPES = ['Service user', 'Unpaid carer', 'Unpaid carer known by association'] as const

export const CLIENT_TYPE_RELEASE_1: Readonly<Record<string, (typeof CLIENT_TYPES)[number]>> = {
  'Service User': 'Service user',
  Carer: 'Unpaid carer',
  'Carer known by association': 'Unpaid carer known by association',
}

/**
 * Primary support reason, Release 2 (DHSC Get-Adult-Social-Care-Data labels
 * and a council's CLD cleaning; 'or other reason' is also how truncated
 * submissions end).
 */
export const PRIMARY_SUPPORT_REASONS = [
  'Physical support: Access and mobility only',
  'Physical support: Personal care support',
  'Sensory support: Support for visual impairment',
  'Sensory support: Support for hearing impairment',
  'Sensory support: Support for dual impairment',
  'Support with memory and cognition',
  'Learning disability support',
  'Mental health support',
  'Social support: Substance misuse support',
  'Social support: Asylum seeker support',
  'Social support: Support for social isolation or other reason',
  'Social support: Support to unpaid carer',
  'Unknown',
] as const

/** Release 1 spellings (R1 LTS001a SQL) that differ by more than case. */
export const PRIMARY_SUPPORT_REASON_RELEASE_1: Readonly<
  Record<string, (typeof PRIMARY_SUPPORT_REASONS)[number]>
> = {
  'Physical Support: Access & mobility only': 'Physical support: Access and mobility only',
  'Support with Memory & Cognition': 'Support with memory and cognition',
  'Social Support: Support for Social Isolation/Other':
    'Social support: Support for social isolation or other reason',
  'Social Support: Support to Carer': 'Social support: Support to unpaid carer',
}

/**
 * Accommodation status. The Release 2 wording comes from the SocialCareData
 * draft (which cites the CLD specification); not confirmed against Release 2
 * itself.
 */
export const ACCOMMODATION_STATUSES = [
  'Owner occupier or shared ownership scheme',
  'Tenant: Local authority or other social housing provider',
  'Tenant: Private landlord',
  'Settled mainstream housing with family or friends',
  'Supported accommodation, supported lodgings or supported group home',
  'Shared Lives scheme',
  'Approved premises for offenders released from prison or under probation supervision',
  'Sheltered housing, extra care housing or other sheltered housing',
  'Mobile accommodation for Gypsy, Roma and Traveller communities',
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
  'Unknown',
] as const

/** Release 1 spellings (R1 LTS004 SQL) that differ by more than case. */
export const ACCOMMODATION_STATUS_RELEASE_1: Readonly<
  Record<string, (typeof ACCOMMODATION_STATUSES)[number]>
> = {
  Tenant: 'Tenant: Local authority or other social housing provider',
  'Tenant - private landlord': 'Tenant: Private landlord',
  'Settled mainstream housing with family / friends': 'Settled mainstream housing with family or friends',
  'Supported accommodation / supported lodgings / supported group home':
    'Supported accommodation, supported lodgings or supported group home',
  'Sheltered housing / extra care housing / other sheltered housing':
    'Sheltered housing, extra care housing or other sheltered housing',
  'Mobile accommodation for Gypsy / Roma and Traveller communities':
    'Mobile accommodation for Gypsy, Roma and Traveller communities',
  'Rough sleeper / squatting': 'Rough sleeper or squatting',
  'Night shelter / emergency hostel / direct access hostel':
    'Night shelter, emergency hostel or direct access hostel',
  'Staying with family / friends as a short-term guest':
    'Staying with family or friends as a short term guest',
  'Acute / long-term healthcare residential facility or hospital':
    'Acute hospital or long term healthcare residential facility',
  'Prison / Young offenders institution / detention centre':
    'Prison, young offenders institution or detention centre',
}

/**
 * The accommodation statuses ASCOF 2E counts as living in one's own home or
 * with family (REFERENCE §1; R1 ASCOF appendix and DHSC 2E SQL). Everything
 * else, including 'Unknown', is unsettled.
 */
export const ACCOMMODATION_SETTLED: ReadonlySet<string> = new Set<(typeof ACCOMMODATION_STATUSES)[number]>([
  'Owner occupier or shared ownership scheme',
  'Tenant: Local authority or other social housing provider',
  'Tenant: Private landlord',
  'Settled mainstream housing with family or friends',
  'Supported accommodation, supported lodgings or supported group home',
  'Shared Lives scheme',
  'Approved premises for offenders released from prison or under probation supervision',
  'Sheltered housing, extra care housing or other sheltered housing',
  'Mobile accommodation for Gypsy, Roma and Traveller communities',
])

/**
 * Employment status. Release 2 wording from the SocialCareData draft; the
 * 'Paid:' values are the same in Release 1.
 */
export const EMPLOYMENT_STATUSES = [
  'Paid: Less than 16 hours a week',
  'Paid: 16 or more hours a week',
  'Paid: Hours per week unknown',
  'Not in paid employment: Seeking work',
  'Not in paid employment: Not actively seeking work or retired',
  'Not in paid employment: Voluntary work only',
  'Unknown',
] as const

/** Release 1 spellings (R1 LTS004 SQL). */
export const EMPLOYMENT_STATUS_RELEASE_1: Readonly<Record<string, (typeof EMPLOYMENT_STATUSES)[number]>> = {
  'Not in Paid Employment (seeking work)': 'Not in paid employment: Seeking work',
  'Not in Paid Employment (not actively seeking work / retired)':
    'Not in paid employment: Not actively seeking work or retired',
  'Not in Paid Employment (voluntary work only)': 'Not in paid employment: Voluntary work only',
}

/** Has unpaid carer. The same in Release 1 and 2 (DHSC pipeline comment). */
export const HAS_UNPAID_CARER = ['Yes', 'No', 'Unknown'] as const

/** Event type. */
export const EVENT_TYPES = ['Request', 'Assessment', 'Service', 'Review'] as const

/**
 * Event outcome, Release 2, in the order DHSC's de-duplication prefers them
 * (first wins). 'Release 1 specification only: Not mapped' holds the Release 1
 * outcomes with no Release 2 equivalent.
 */
export const EVENT_OUTCOMES = [
  'Progress to reablement/ST-Max',
  'Progress to assessment, review or reassessment',
  'Release 1 specification only: Not mapped',
  'Progress to support planning or services',
  'Continuation of support or services',
  'Admitted to hospital',
  'NFA: Responsibility moved to another local authority',
  'NFA: Referral to NHS services or NHS funded social care',
  'NFA: Self-funded client or under 12wk disregard',
  'NFA: Information and advice or signposting',
  'NFA: Referral to other service within the local authority',
  'NFA: Support declined',
  'NFA: Deceased',
  'NFA: Support ended as planned',
  'NFA: Support ended for other reason',
  'NFA: No services offered for other reason',
  'NFA: Other',
] as const

/**
 * Release 1 outcomes (R1 STS001 SQL, which spells some of them two ways).
 * 'No change in package' → continuation is by meaning; 'Provision of service'
 * has no clear Release 2 home and is left unmapped.
 */
export const EVENT_OUTCOME_RELEASE_1: Readonly<Record<string, (typeof EVENT_OUTCOMES)[number]>> = {
  'Progress to Assessment': 'Progress to assessment, review or reassessment',
  'Progress to Re-assessment / Unplanned Review': 'Progress to assessment, review or reassessment',
  'Progress to Support Planning / Services': 'Progress to support planning or services',
  'Progress to End of Life Care': 'Release 1 specification only: Not mapped',
  'Progress to financial assessment': 'Release 1 specification only: Not mapped',
  'No change in package': 'Continuation of support or services',
  'Service ended as planned': 'NFA: Support ended as planned',
  'NFA - Deceased': 'NFA: Deceased',
  'NFA - Moved to another LA': 'NFA: Responsibility moved to another local authority',
  'NFA - 100% NHS funded care': 'NFA: Referral to NHS services or NHS funded social care',
  'NFA - 100% NHS-funded care': 'NFA: Referral to NHS services or NHS funded social care',
  'NFA - Information & Advice / Signposting only': 'NFA: Information and advice or signposting',
  'NFA - Self-funded client (inc. 12wk disregard)': 'NFA: Self-funded client or under 12wk disregard',
  'NFA - Support declined': 'NFA: Support declined',
  'NFA - Support ended: Other reason': 'NFA: Support ended for other reason',
  'NFA - Support ended - other reason': 'NFA: Support ended for other reason',
  'NFA - No services offered: Other reason': 'NFA: No services offered for other reason',
  'NFA - No services offered - other reason': 'NFA: No services offered for other reason',
  'NFA - Other': 'NFA: Other',
}

/**
 * Request route of access. The Release 2 spelling was NOT FOUND: these are the
 * CLD Release 1 values (CLD Guidance R1), a superset of the SALT STS001 routes
 * in REFERENCE §2.
 */
export const REQUEST_ROUTES_OF_ACCESS = [
  'Planned Entry (Transition)',
  'Discharge from Hospital',
  'Diversion from Hospital Services',
  'Community / Other route',
  'Prison',
  'Self-Funder',
  'Discharge from Reablement',
  'Transfer from Other LA',
] as const

/** SALT spelled one route without spaces round the slash. */
export const REQUEST_ROUTE_OF_ACCESS_RELEASE_1: Readonly<
  Record<string, (typeof REQUEST_ROUTES_OF_ACCESS)[number]>
> = {
  'Community/Other route': 'Community / Other route',
}

/**
 * Assessment type. 'Long term assessment' and 'Short term assessment' are
 * Release 2 (DHSC waiting times SQL); 'Financial assessment' is Release 1's
 * 'Financial Assessment' put in Release 2's case, unconfirmed.
 */
export const ASSESSMENT_TYPES = [
  'Long term assessment',
  'Short term assessment',
  'Financial assessment',
] as const

/**
 * Method of assessment. NOT FOUND for either release: Release 1 split one
 * 'method of assessment or review' item in two, so this repeats the Release 1
 * method of review list.
 */
export const METHODS_OF_ASSESSMENT = ['Carer only', 'Service user only', 'Service user and carer'] as const

/**
 * Eligible needs identified. The values were NOT FOUND in any public source;
 * yes and no are assumed from the field's name.
 */
export const ELIGIBLE_NEEDS_IDENTIFIED = ['Yes', 'No'] as const

/** Service type, Release 2 (DHSC mapping table). */
export const SERVICE_TYPES = [
  'Short term support: ST-Max',
  'Short term support: Ongoing low level',
  'Short term support: Other short term',
  'Long term support: Nursing care',
  'Long term support: Residential care',
  'Long term support: Community',
  'Long term support: Prison',
  'Unpaid carer support: Direct to unpaid carer',
  'Unpaid carer support: Support involving the person cared-for',
] as const

/** Release 1 spellings (R1 SQL) that differ by more than case. */
export const SERVICE_TYPE_RELEASE_1: Readonly<Record<string, (typeof SERVICE_TYPES)[number]>> = {
  'Carer Support: Direct to Carer': 'Unpaid carer support: Direct to unpaid carer',
  'Carer Support: Support involving the person cared-for':
    'Unpaid carer support: Support involving the person cared-for',
}

/**
 * Service component. Release 2 wording from the SocialCareData draft, not
 * confirmed against Release 2 itself.
 */
export const SERVICE_COMPONENTS = [
  'Reablement',
  'Short term residential care',
  'Short term nursing care',
  'Long term residential care',
  'Long term nursing care',
  'Home support or domiciliary care',
  'Day support',
  'Meals',
  'Transport',
  'Equipment',
  'Direct payment',
  'Shared Lives',
  'Community supported living',
  'Extra care housing',
  'Professional support: Social worker',
  'Professional support: Other',
  'Learning, education or employment support',
  'End of life care',
  'Emergency support',
  'Other short term support',
  'Other long term support',
  'Unpaid carer respite',
  'Unpaid carer sitting service',
  'Unpaid carer universal services',
  'Other unpaid carer support',
] as const

/**
 * Release 1 spellings that differ by more than case: 'Home Support' and
 * 'Carer Respite' are in R1 SQL; the rest are the older spellings the
 * Interweave FHIR code system still carries.
 */
export const SERVICE_COMPONENT_RELEASE_1: Readonly<Record<string, (typeof SERVICE_COMPONENTS)[number]>> = {
  'Home Support': 'Home support or domiciliary care',
  'Carer Respite': 'Unpaid carer respite',
  'Carer Sitting Service': 'Unpaid carer sitting service',
  'Carer Universal Services': 'Unpaid carer universal services',
  'Other Carer Support': 'Other unpaid carer support',
  'Professional Support - Social Worker': 'Professional support: Social worker',
  'Professional Support: Social Worker': 'Professional support: Social worker',
  'Learning/Education/Employment Support': 'Learning, education or employment support',
}

/**
 * Delivery mechanism. The Release 2 spelling was NOT FOUND; these are the
 * Release 1 values (R1 LTS001a SQL). No individual service fund or 'part
 * direct payment' value exists.
 */
export const DELIVERY_MECHANISMS = [
  'Direct Payment',
  'CASSR Managed Personal Budget',
  'CASSR Commissioned Support',
] as const

/**
 * Review reason. Only 'Review of short term support' is confirmed Release 2
 * (DHSC derived fields SQL); the rest are Release 1 as REFERENCE §2 gives them.
 */
export const REVIEW_REASONS = [
  'Planned',
  'Unplanned - Hospital',
  'Unplanned - Carer related',
  'Unplanned - Safeguarding concern',
  'Unplanned - Provider failure',
  'Unplanned - Change in commissioning arrangements',
  'Unplanned - Other',
  'Review of short term support',
] as const

/**
 * Review outcomes achieved. The Release 2 spelling was NOT FOUND; these are
 * the Release 1 values (CLD Guidance R1, after the Safeguarding Adults
 * Collection's Making Safeguarding Personal table).
 */
export const REVIEW_OUTCOMES_ACHIEVED = ['Fully Met', 'Partially Met', 'Not Met'] as const

/**
 * Method of review. The Release 2 spelling was NOT FOUND; these are the
 * Release 1 values (CLD Guidance R1).
 */
export const METHODS_OF_REVIEW = ['Carer only', 'Service user only', 'Service user and carer'] as const

/**
 * Cost frequency (unit type). Spelling from the SocialCareData draft, which
 * matches the frequencies DHSC's cost SQL recognises; unconfirmed.
 */
export const COST_FREQUENCY_UNIT_TYPES = [
  'Per session',
  'Hourly',
  'Daily',
  'Weekly',
  'Fortnightly',
  '4-weekly',
  'Monthly',
  'Quarterly',
  'Annually',
  'One-off',
] as const

/** Client funding status, Release 2 (DHSC latest person details SQL). */
export const CLIENT_FUNDING_STATUSES = [
  'Fully client funded',
  'Joint client and social care funded',
  'Fully social care funded',
] as const

/** Every list by field, for code that walks them all (validation, tests). */
export const CLD_CODE_LISTS = {
  gender: GENDERS,
  ethnicity: ETHNICITIES,
  clientType: CLIENT_TYPES,
  primarySupportReason: PRIMARY_SUPPORT_REASONS,
  accommodationStatus: ACCOMMODATION_STATUSES,
  employmentStatus: EMPLOYMENT_STATUSES,
  hasUnpaidCarer: HAS_UNPAID_CARER,
  eventType: EVENT_TYPES,
  eventOutcome: EVENT_OUTCOMES,
  requestRouteOfAccess: REQUEST_ROUTES_OF_ACCESS,
  assessmentType: ASSESSMENT_TYPES,
  methodOfAssessment: METHODS_OF_ASSESSMENT,
  eligibleNeedsIdentified: ELIGIBLE_NEEDS_IDENTIFIED,
  serviceType: SERVICE_TYPES,
  serviceComponent: SERVICE_COMPONENTS,
  deliveryMechanism: DELIVERY_MECHANISMS,
  reviewReason: REVIEW_REASONS,
  reviewOutcomesAchieved: REVIEW_OUTCOMES_ACHIEVED,
  methodOfReview: METHODS_OF_REVIEW,
  costFrequencyUnitType: COST_FREQUENCY_UNIT_TYPES,
  clientFundingStatus: CLIENT_FUNDING_STATUSES,
} as const

/** Release 1 spellings for each list that has any, keyed by the list itself. */
export const RELEASE_1_SPELLINGS: ReadonlyMap<readonly string[], Readonly<Record<string, string>>> = new Map<
  readonly string[],
  Readonly<Record<string, string>>
>([
  [ETHNICITIES, ETHNICITY_RELEASE_1],
  [CLIENT_TYPES, CLIENT_TYPE_RELEASE_1],
  [PRIMARY_SUPPORT_REASONS, PRIMARY_SUPPORT_REASON_RELEASE_1],
  [ACCOMMODATION_STATUSES, ACCOMMODATION_STATUS_RELEASE_1],
  [EMPLOYMENT_STATUSES, EMPLOYMENT_STATUS_RELEASE_1],
  [EVENT_OUTCOMES, EVENT_OUTCOME_RELEASE_1],
  [REQUEST_ROUTES_OF_ACCESS, REQUEST_ROUTE_OF_ACCESS_RELEASE_1],
  [SERVICE_TYPES, SERVICE_TYPE_RELEASE_1],
  [SERVICE_COMPONENTS, SERVICE_COMPONENT_RELEASE_1],
])

/**
 * Councils' exports differ from the specification in case, spacing and which
 * dash they use (R1 SQL itself has 'NFA- Other' and 'NFA - Other'), so values
 * are compared on a key that ignores all three.
 */
function matchKey(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212-]/g, '-')
    .replace(/\s*-\s*/g, ' - ')
    .replace(/\s+/g, ' ')
    .trim()
}

// Built lazily, once per list, because matching runs per row of an import.
const keyedLists = new WeakMap<readonly string[], Map<string, string>>()

function keyed(list: readonly string[]): Map<string, string> {
  let keys = keyedLists.get(list)
  if (keys === undefined) {
    keys = new Map()
    for (const [release1, release2] of Object.entries(RELEASE_1_SPELLINGS.get(list) ?? {})) {
      keys.set(matchKey(release1), release2)
    }
    // Release 2 values go in last so that they win any clash of keys.
    for (const value of list) keys.set(matchKey(value), value)
    keyedLists.set(list, keys)
  }
  return keys
}

/**
 * Finds the Release 2 value a submitted string stands for in a code list,
 * ignoring case, repeated whitespace and the kind of dash, and translating
 * Release 1 spellings. Undefined when it matches nothing.
 *
 * @example
 * matchCode(SERVICE_TYPES, 'Long Term Support: Nursing Care') // 'Long term support: Nursing care'
 * matchCode(EVENT_OUTCOMES, 'NFA - Deceased') // 'NFA: Deceased'
 * matchCode(GENDERS, 'Martian') // undefined
 */
export function matchCode<T extends string>(list: readonly T[], value: string): T | undefined {
  return keyed(list).get(matchKey(value)) as T | undefined
}
