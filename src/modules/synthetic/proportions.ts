/**
 * The proportions a synthetic council is drawn from, each with where it came
 * from. Where a figure is published it is cited (REFERENCE means
 * /work/shared/domain/REFERENCE.md, section §); where none was found the
 * figure is marked ASSUMED and is a judgement, kept here in one place so it
 * can be replaced when a source turns up.
 *
 * Every table is checked against the CLD code lists at compile time.
 */
import type {
  ACCOMMODATION_STATUSES,
  DELIVERY_MECHANISMS,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  EVENT_OUTCOMES,
  GENDERS,
  HAS_UNPAID_CARER,
  PRIMARY_SUPPORT_REASONS,
  REQUEST_ROUTES_OF_ACCESS,
  REVIEW_OUTCOMES_ACHIEVED,
  REVIEW_REASONS,
} from '../../kernel/code-lists/cld.ts'
import type { Weights } from './random.ts'

type Gender = (typeof GENDERS)[number]
type Ethnicity = (typeof ETHNICITIES)[number]
type Psr = (typeof PRIMARY_SUPPORT_REASONS)[number]
type Accommodation = (typeof ACCOMMODATION_STATUSES)[number]
type Employment = (typeof EMPLOYMENT_STATUSES)[number]
type HasUnpaidCarer = (typeof HAS_UNPAID_CARER)[number]
type Route = (typeof REQUEST_ROUTES_OF_ACCESS)[number]
export type EventOutcome = (typeof EVENT_OUTCOMES)[number]
type Mechanism = (typeof DELIVERY_MECHANISMS)[number]
type ReviewReason = (typeof REVIEW_REASONS)[number]
type ReviewOutcome = (typeof REVIEW_OUTCOMES_ACHIEVED)[number]

export type AgeBand = '18-64' | '65+'
export type Setting = 'nursing' | 'residential' | 'community'
/** SALT's community split: DP only, part DP, CASSR-managed personal budget, CASSR-commissioned only. */
export type CommunityMechanism = 'dp' | 'part-dp' | 'managed' | 'commissioned'

/**
 * Long-term support clients at 31 March, England 2023: 629,050 (REFERENCE §8,
 * Community Care citing NHS England). The stock a council starts with.
 */
export const LTS_CLIENTS_AT_YEAR_END = 629_050

/**
 * New clients a year: 2,085,720 requests from new clients in 2023-24
 * (REFERENCE §8) at 1.4 requests per client (NHS Digital ASC Activity and
 * Finance Report 2018-19, chapter 2).
 */
export const REQUESTS_FROM_NEW_CLIENTS_A_YEAR = 2_085_720
export const REQUESTS_PER_NEW_CLIENT = 1.4

/**
 * Age of new clients making requests: 65+ made 72% in 2014-15 (HSCIC via
 * Community Care, 7 Oct 2015) and 71.2% in 2018-19 (NHS Digital ASC-FR).
 */
export const REQUEST_AGE: Weights<AgeBand> = [
  ['65+', 71],
  ['18-64', 29],
]

/**
 * Age of people in long-term support during the year, 2020-21: 18-64 289,695,
 * 65+ 551,550 (REFERENCE §8, NHSDigital/ASC-Overview fixture).
 */
export const LTS_AGE: Weights<AgeBand> = [
  ['65+', 551_550],
  ['18-64', 289_695],
]

/** Age within a band, as [from, to] year ranges. ASSUMED, weighted to the very old as care is. */
export const AGES: Record<AgeBand, Weights<readonly [number, number]>> = {
  '18-64': [
    [[18, 24], 15],
    [[25, 44], 30],
    [[45, 64], 55],
  ],
  '65+': [
    [[65, 74], 24],
    [[75, 84], 39],
    [[85, 94], 32],
    [[95, 101], 5],
  ],
}

/**
 * Support setting of long-term support by age, 2020-21 (REFERENCE §8):
 * 18-64 nursing 7,225, residential 36,950, community 245,310;
 * 65+ nursing 69,160, residential 140,700, community 341,520.
 */
export const LTS_SETTING: Record<AgeBand, Weights<Setting>> = {
  '18-64': [
    ['nursing', 7_225],
    ['residential', 36_950],
    ['community', 245_310],
  ],
  '65+': [
    ['nursing', 69_160],
    ['residential', 140_700],
    ['community', 341_520],
  ],
}

/**
 * How community support is delivered, by age, 2020-21 (REFERENCE §8): DP only,
 * part DP, CASSR-managed personal budget, CASSR-commissioned only. Together
 * about 24% DP (only or part), against ASCOF 2a's 25.5% for 2023-24
 * (REFERENCE §1).
 */
export const COMMUNITY_MECHANISM: Record<AgeBand, Weights<CommunityMechanism>> = {
  '18-64': [
    ['dp', 67_605],
    ['part-dp', 25_180],
    ['managed', 130_200],
    ['commissioned', 22_325],
  ],
  '65+': [
    ['dp', 34_725],
    ['part-dp', 12_240],
    ['managed', 264_660],
    ['commissioned', 29_895],
  ],
}

export const MECHANISM_CODE: Record<Exclude<CommunityMechanism, 'part-dp'>, Mechanism> = {
  dp: 'Direct Payment',
  managed: 'CASSR Managed Personal Budget',
  commissioned: 'CASSR Commissioned Support',
}

/**
 * Primary support reason by age. The large groups are published for LTS
 * 2020-21 (REFERENCE §8): 18-64 learning disability 133,670, personal care
 * 67,700, mental health 53,785 (of 289,695); 65+ personal care 345,005,
 * memory and cognition 74,040 (of 551,550). The remainder (12% and 24%) is
 * spread over the other reasons: ASSUMED.
 */
export const PSR: Record<AgeBand, Weights<Psr>> = {
  '18-64': [
    ['Learning disability support', 46.1],
    ['Physical support: Personal care support', 23.4],
    ['Mental health support', 18.6],
    ['Physical support: Access and mobility only', 4],
    ['Sensory support: Support for visual impairment', 1],
    ['Sensory support: Support for hearing impairment', 1],
    ['Sensory support: Support for dual impairment', 0.3],
    ['Support with memory and cognition', 1.5],
    ['Social support: Substance misuse support', 1.5],
    ['Social support: Asylum seeker support', 0.2],
    ['Social support: Support for social isolation or other reason', 2],
    ['Unknown', 0.4],
  ],
  '65+': [
    ['Physical support: Personal care support', 62.6],
    ['Support with memory and cognition', 13.4],
    ['Physical support: Access and mobility only', 9],
    ['Mental health support', 5],
    ['Sensory support: Support for visual impairment', 2],
    ['Sensory support: Support for hearing impairment', 1.5],
    ['Sensory support: Support for dual impairment', 0.5],
    ['Learning disability support', 1.5],
    ['Social support: Substance misuse support', 0.5],
    ['Social support: Support for social isolation or other reason', 3],
    ['Unknown', 1],
  ],
}

/** Share of people who never get past a request whose support reason is not recorded. ASSUMED. */
export const PSR_UNKNOWN_FOR_REQUEST_ONLY = 0.15

/** ASSUMED: more women among older people in care, slightly more men among working-age adults. */
export const GENDER: Record<AgeBand | 'carer', Weights<Gender>> = {
  '18-64': [
    ['Female', 47],
    ['Male', 52.3],
    ['Other', 0.3],
    ['Unknown', 0.4],
  ],
  '65+': [
    ['Female', 61],
    ['Male', 38.5],
    ['Other', 0.1],
    ['Unknown', 0.4],
  ],
  carer: [
    ['Female', 65],
    ['Male', 34.5],
    ['Other', 0.2],
    ['Unknown', 0.3],
  ],
}

/**
 * Ethnicity: Census 2021, England and Wales (ONS, 'Ethnic group, England and
 * Wales: Census 2021', and GOV.UK Ethnicity facts and figures): White British
 * 74.4%, White other 6.2%, Indian 3.1%, Asian 9.3%, Black 4.0%, Mixed 2.9%,
 * Other 2.1%. The split inside the published groups, and 3% not recorded, are
 * ASSUMED. Not age-adjusted, though people in care are older than average.
 */
export const ETHNICITY: Weights<Ethnicity> = [
  ['White: English, Welsh, Scottish, Northern Irish or British', 74.4],
  ['White: Irish', 0.9],
  ['White: Gypsy or Irish Traveller', 0.1],
  ['White: Roma', 0.2],
  ['White: Any other White background', 6.2],
  ['Asian or Asian British: Indian', 3.1],
  ['Asian or Asian British: Pakistani', 2.7],
  ['Asian or Asian British: Bangladeshi', 1.1],
  ['Asian or Asian British: Chinese', 0.7],
  ['Asian or Asian British: Any other Asian background', 1.7],
  ['Black, Black British, Caribbean or African: African', 2.5],
  ['Black, Black British, Caribbean or African: Caribbean', 1],
  ['Black, Black British, Caribbean or African: Any other Black, Black British or Caribbean background', 0.5],
  ['Mixed or multiple ethnic groups: White and Asian', 0.8],
  ['Mixed or multiple ethnic groups: White and Black African', 0.4],
  ['Mixed or multiple ethnic groups: White and Black Caribbean', 0.9],
  ['Mixed or multiple ethnic groups: Any other Mixed or multiple ethnic background', 0.8],
  ['Other ethnic group: Arab', 0.6],
  ['Other ethnic group: Any other ethnic group', 1.5],
  ['No data: Refused', 0.5],
  ['No data: Undeclared or not known', 2.5],
]

/**
 * Accommodation for people living in the community. For working-age adults
 * with a learning disability about 81% live in settled accommodation
 * (ASCOF 2E/1G, England 80.5% 2022-23 and 81.6% 2023-24, REFERENCE §1); the
 * residential share of that group counts among the unsettled, so the
 * community table below is mostly settled. Splits ASSUMED.
 */
export const ACCOMMODATION: Record<
  'older' | 'working-age' | 'learning-disability',
  Weights<Accommodation>
> = {
  older: [
    ['Owner occupier or shared ownership scheme', 50],
    ['Tenant: Local authority or other social housing provider', 24],
    ['Tenant: Private landlord', 5],
    ['Settled mainstream housing with family or friends', 8],
    ['Sheltered housing, extra care housing or other sheltered housing', 10],
    ['Acute hospital or long term healthcare residential facility', 0.5],
    ['Other temporary accommodation', 0.5],
    ['Unknown', 2],
  ],
  'working-age': [
    ['Owner occupier or shared ownership scheme', 22],
    ['Tenant: Local authority or other social housing provider', 32],
    ['Tenant: Private landlord', 14],
    ['Settled mainstream housing with family or friends', 18],
    ['Supported accommodation, supported lodgings or supported group home', 6],
    ['Approved premises for offenders released from prison or under probation supervision', 0.3],
    ['Mobile accommodation for Gypsy, Roma and Traveller communities', 0.2],
    ['Rough sleeper or squatting', 0.5],
    ['Night shelter, emergency hostel or direct access hostel', 0.5],
    ['Refuge', 0.3],
    ['Placed in temporary accommodation by the council (inc. homelessness resettlement)', 1],
    ['Staying with family or friends as a short term guest', 1],
    ['Prison, young offenders institution or detention centre', 0.2],
    ['Other temporary accommodation', 1],
    ['Unknown', 3],
  ],
  'learning-disability': [
    ['Settled mainstream housing with family or friends', 42],
    ['Supported accommodation, supported lodgings or supported group home', 33],
    ['Tenant: Local authority or other social housing provider', 12],
    ['Shared Lives scheme', 5],
    ['Owner occupier or shared ownership scheme', 3],
    ['Tenant: Private landlord', 2],
    ['Other temporary accommodation', 1],
    ['Unknown', 2],
  ],
}

/**
 * Employment of working-age adults. Learning disability: 4.8% in paid work
 * (ASCOF 1E, England 2021-22 and 2022-23, REFERENCE §1), split by hours
 * ASSUMED; the rest ASSUMED.
 */
export const EMPLOYMENT: Record<'older' | 'working-age' | 'learning-disability', Weights<Employment>> = {
  'learning-disability': [
    ['Paid: Less than 16 hours a week', 3.3],
    ['Paid: 16 or more hours a week', 1],
    ['Paid: Hours per week unknown', 0.5],
    ['Not in paid employment: Seeking work', 4],
    ['Not in paid employment: Not actively seeking work or retired', 70],
    ['Not in paid employment: Voluntary work only', 6.5],
    ['Unknown', 14.7],
  ],
  'working-age': [
    ['Paid: Less than 16 hours a week', 3],
    ['Paid: 16 or more hours a week', 4],
    ['Paid: Hours per week unknown', 1],
    ['Not in paid employment: Seeking work', 6],
    ['Not in paid employment: Not actively seeking work or retired', 66],
    ['Not in paid employment: Voluntary work only', 4],
    ['Unknown', 16],
  ],
  older: [
    ['Paid: Hours per week unknown', 0.5],
    ['Not in paid employment: Not actively seeking work or retired', 88],
    ['Not in paid employment: Voluntary work only', 1],
    ['Unknown', 10.5],
  ],
}

/** ASSUMED. */
export const HAS_CARER: Weights<HasUnpaidCarer> = [
  ['Yes', 42],
  ['No', 43],
  ['Unknown', 15],
]

/**
 * Route of access of requests from new clients: 79% community, 18% discharge
 * from hospital (HSCIC 2014-15, via carebase.net). The small routes ASSUMED;
 * planned entry (transition from children's services) only for 18-64.
 */
export const ROUTE: Record<AgeBand, Weights<Route>> = {
  '65+': [
    ['Community / Other route', 76],
    ['Discharge from Hospital', 20],
    ['Diversion from Hospital Services', 2.5],
    ['Self-Funder', 1],
    ['Transfer from Other LA', 0.5],
  ],
  '18-64': [
    ['Community / Other route', 82],
    ['Discharge from Hospital', 9],
    ['Planned Entry (Transition)', 6],
    ['Diversion from Hospital Services', 1.5],
    ['Prison', 0.5],
    ['Transfer from Other LA', 1],
  ],
}

/** What triage decides: a closing outcome, or where the request goes next. */
export type TriageStep = 'information' | 'no-services' | 'reablement' | 'low-level' | 'assessment'

/**
 * Triage of a new client's request. The sequels of 1,846,000 new requests in
 * 2014-15 (HSCIC via Community Care, 7 Oct 2015): no service 28%, universal
 * services or signposting 31%, low-level support 16%, short-term support to
 * maximise independence (reablement) 12%, other short-term 4%, long-term
 * support 8%, end of life 1%. Here reablement and a share of low-level
 * support (telecare, equipment) are decided at triage; the rest of low-level,
 * other short-term, long-term and end-of-life support come after an
 * assessment (26% of requests, of which about three quarters are eligible).
 * By age so that 88% of reablement goes to 65+ (REFERENCE §8, 2022-23).
 *
 * These are for requests by any route but hospital discharge; with
 * TRIAGE_AFTER_DISCHARGE and ROUTE they come to, over all requests: 29%
 * information and advice, 23% no services, 12% reablement, 10% low-level
 * support, 26% assessment.
 */
export const TRIAGE: Record<AgeBand, Weights<TriageStep>> = {
  '65+': [
    ['information', 31.25],
    ['no-services', 23.25],
    ['reablement', 9.875],
    ['low-level', 11.75],
    ['assessment', 23.875],
  ],
  '18-64': [
    ['information', 36.4],
    ['no-services', 29.6],
    ['reablement', 2],
    ['low-level', 7.45],
    ['assessment', 24.6],
  ],
}

/** After a hospital discharge more requests go straight to reablement. ASSUMED. */
export const TRIAGE_AFTER_DISCHARGE: Weights<TriageStep> = [
  ['information', 10],
  ['no-services', 12],
  ['reablement', 35],
  ['low-level', 8],
  ['assessment', 35],
]

/** The 'no services' outcomes of triage. Split ASSUMED. */
export const NO_SERVICES_OUTCOME: Weights<EventOutcome> = [
  ['NFA: No services offered for other reason', 36],
  ['NFA: Support declined', 18],
  ['NFA: Self-funded client or under 12wk disregard', 10],
  ['NFA: Referral to NHS services or NHS funded social care', 10],
  ['NFA: Referral to other service within the local authority', 12],
  ['NFA: Responsibility moved to another local authority', 3],
  ['NFA: Deceased', 4],
  ['NFA: Other', 7],
]

/**
 * Share of completed needs assessments found eligible. NOT FOUND in a
 * public source; ASSUMED at three quarters.
 */
export const NEEDS_ELIGIBLE_SHARE = 0.75

/** Share of completed carers' assessments found eligible. ASSUMED. */
export const CARER_ELIGIBLE_SHARE = 0.7

/** Share of decisions where the practitioner overrides the computed eligibility. ASSUMED. */
export const OVERRIDE_SHARE = 0.02

/** Format chosen for a needs assessment. ASSUMED. */
export const NEEDS_FORMAT: Weights<'light' | 'standard' | 'comprehensive'> = [
  ['light', 30],
  ['standard', 55],
  ['comprehensive', 15],
]

export const CARER_FORMAT: Weights<'light' | 'standard' | 'comprehensive'> = [
  ['light', 50],
  ['standard', 45],
  ['comprehensive', 5],
]

/** What an eligible person gets after support planning. */
export type EligibleSequel =
  | 'long-term'
  | 'low-level'
  | 'other-short-term'
  | 'end-of-life'
  | 'declined'
  | 'self-funded'

/**
 * Sequel of an eligible needs assessment, by age. Tuned so that with TRIAGE
 * about 8% of new requests end in long-term support (HSCIC 2014-15; 8.2%
 * in 2021-22: 162,590 of 1,978,550, Community Care 31 Oct 2022) and most
 * people entering long-term support are 65+, which with their shorter stays
 * keeps about a third of long-term clients aged 18-64 (REFERENCE §8).
 */
export const ELIGIBLE_SEQUEL: Record<AgeBand, Weights<EligibleSequel>> = {
  '65+': [
    ['long-term', 47],
    ['low-level', 25],
    ['other-short-term', 15],
    ['end-of-life', 6],
    ['declined', 3],
    ['self-funded', 4],
  ],
  '18-64': [
    ['long-term', 30],
    ['low-level', 38],
    ['other-short-term', 24],
    ['end-of-life', 1],
    ['declined', 4],
    ['self-funded', 3],
  ],
}

/** Outcome of an assessment that found no eligible needs. ASSUMED. */
export const NOT_ELIGIBLE_OUTCOME: Weights<EventOutcome> = [
  ['NFA: Information and advice or signposting', 60],
  ['NFA: No services offered for other reason', 30],
  ['NFA: Referral to other service within the local authority', 10],
]

/** How a reablement (ST-Max) episode ends. */
export type ReablementSequel =
  | 'hospital'
  | 'died'
  | 'declined'
  | 'no-ongoing-support'
  | 'low-level'
  | 'other-short-term'
  | 'long-term'

/**
 * Sequel of a reablement episode. Early cessation 12% ASSUMED; of completed
 * episodes 26% went on to long-term support (HSCIC 2014-15 via carebase.net),
 * the rest ASSUMED so that ASCOF 2A (no further support) is about three
 * quarters, near England's.
 */
export const REABLEMENT_SEQUEL: Weights<ReablementSequel> = [
  ['hospital', 7],
  ['died', 2],
  ['declined', 3],
  ['long-term', 22.9],
  ['low-level', 8.8],
  ['other-short-term', 2.6],
  ['no-ongoing-support', 53.7],
]

/** Length of a reablement episode in weeks: about six, up to ten. ASSUMED (a 6-week offer is usual). */
export const REABLEMENT_WEEKS = { mean: 5.5, sd: 1.6, min: 1, max: 10 }

/**
 * Yearly rate of leaving long-term support (death, or support ended),
 * by age and setting. ASSUMED, tuned so that a year's leavers are about a
 * third of the stock: England had 858,720 in LTS during 2023-24 and 629,050
 * at its start (REFERENCE §8), so about 230,000 entered and as many left.
 */
export const LTS_EXIT_RATE: Record<AgeBand, Record<Setting, number>> = {
  '65+': { nursing: 0.6, residential: 0.45, community: 0.32 },
  '18-64': { nursing: 0.15, residential: 0.1, community: 0.1 },
}

/** Share of leavers who died, by age. ASSUMED. */
export const LTS_EXIT_DEATH: Record<AgeBand, number> = { '65+': 0.75, '18-64': 0.3 }

/** Why support ended for those who did not die. ASSUMED. */
export const LTS_EXIT_OUTCOME: Weights<EventOutcome> = [
  ['NFA: Support ended for other reason', 35],
  ['NFA: Responsibility moved to another local authority', 20],
  ['NFA: Referral to NHS services or NHS funded social care', 20],
  ['NFA: Self-funded client or under 12wk disregard', 15],
  ['NFA: Support ended as planned', 10],
]

/** Yearly rate at which older people supported at home move into a care home. ASSUMED. */
export const MOVE_TO_CARE_HOME_RATE = 0.08

/**
 * Reviews. Plans are reviewed 6-8 weeks after they start, then at least
 * yearly; direct payments within 6 months (REFERENCE §4). In practice only
 * 55-61% of people in LTS over a year were reviewed in the year (NHS
 * Digital ASC-FR: 60.8% 2019-20, 58.4% 2020-21, 55.2% 2021-22), so most
 * planned reviews here come late.
 */
export const REVIEW_ON_TIME_SHARE = 0.2
export const UNPLANNED_REVIEW_RATE = 0.12

/** Reasons for unplanned reviews (SALT LTS002a's significant events). Split ASSUMED. */
export const UNPLANNED_REVIEW_REASON: Weights<ReviewReason> = [
  ['Unplanned - Hospital', 45],
  ['Unplanned - Carer related', 15],
  ['Unplanned - Safeguarding concern', 10],
  ['Unplanned - Provider failure', 4],
  ['Unplanned - Change in commissioning arrangements', 6],
  ['Unplanned - Other', 20],
]

/** ASSUMED. */
export const REVIEW_OUTCOME_ACHIEVED: Weights<ReviewOutcome> = [
  ['Fully Met', 55],
  ['Partially Met', 35],
  ['Not Met', 10],
]

/** Share of planned reviews, and of unplanned, that change the package. ASSUMED. */
export const PACKAGE_CHANGE_AT_REVIEW = { planned: 0.12, unplanned: 0.4 }

/**
 * Unpaid carers among the people a council holds records for. ASSUMED: SALT
 * LTS003 counts carers supported each year at somewhat under half the LTS
 * clients; not in REFERENCE.
 */
export const CARER_SHARE_OF_PEOPLE = 0.08

/** Carers supported with a direct payment: England 77.4% in 2023-24 (ASCOF 2b, REFERENCE §1). */
export const CARER_DP_SHARE = 0.774

/**
 * Weekly hours of home care. ASSUMED, so that about four packages in ten are
 * of ten hours or more (the share the sector argues about, REFERENCE-free).
 */
export const HOME_CARE_HOURS: Weights<readonly [number, number]> = [
  [[2, 5], 15],
  [[5, 7], 15],
  [[7, 10], 28],
  [[10, 14], 20],
  [[14, 21], 14],
  [[21, 35], 8],
]

/**
 * Unit costs in pence at the as-of date, [lowest, highest]. Home care about
 * £25 an hour and care homes £900-£1,300 a week for older people (the brief's
 * figures for today's prices; REFERENCE §8 has only the Audit Commission's
 * c.2011 medians of £455 for older people and £1,300 for learning disability).
 * The rest ASSUMED. A service that ended earlier shows the price of its
 * last day, less by INFLATION_A_YEAR a year.
 */
export const UNIT_COST_PENCE = {
  homeCareHour: [2300, 2800],
  directPaymentHour: [1500, 2000],
  supportedLivingHour: [2000, 2400],
  extraCareHour: [2100, 2500],
  dayServiceSession: [4500, 7000],
  sharedLivesWeek: [40_000, 65_000],
  reablementHour: [2600, 3200],
  endOfLifeHour: [2600, 3000],
  residentialWeekOlder: [90_000, 130_000],
  nursingWeekOlder: [110_000, 150_000],
  residentialWeekWorkingAge: [130_000, 250_000],
  nursingWeekWorkingAge: [120_000, 190_000],
  respiteWeek: [90_000, 120_000],
  equipmentOneOff: [5_000, 60_000],
  mealSession: [550, 700],
  telecareWeek: [300, 600],
  carerDirectPaymentYear: [20_000, 80_000],
  carerSittingHour: [2000, 2400],
} as const satisfies Record<string, readonly [number, number]>

/** Yearly rise in prices, used to make earlier services cheaper. ASSUMED. */
export const INFLATION_A_YEAR = 0.05
