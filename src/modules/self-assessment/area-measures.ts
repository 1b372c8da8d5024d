/**
 * Which measures evidence which self-assessment area, and why: the measures
 * are attached to an area automatically, with the council's figures for the
 * year and, when peers' packs are loaded, where it stands among them.
 */
import type { Area } from './descriptors.ts'

export interface AreaMeasure {
  code: string
  /** Why this measure says something about the area, in a sentence. */
  why: string
}

export const AREA_MEASURES: Record<Area, readonly AreaMeasure[]> = {
  prevention: [
    {
      code: 'ASCOF-2A',
      why: 'People who needed nothing more after short-term support were kept from long-term care.',
    },
    {
      code: 'ASCOF-2C',
      why: 'Fewer older people moving permanently into care homes is the clearest sign of needs delayed.',
    },
    {
      code: 'ASCOF-2B',
      why: 'Permanent care home admissions of younger adults should be rare where prevention works.',
    },
    {
      code: 'HOMECARE-10H',
      why: 'A high share of large home care packages suggests people reach the council late.',
    },
  ],
  recovery: [
    { code: 'ASCOF-2A', why: 'The share of people who needed no ongoing support after reablement.' },
    {
      code: 'ASCOF-2C',
      why: 'Admissions to care homes of people aged 65 and over, often straight from hospital.',
    },
    { code: 'ASCOF-2B', why: 'Admissions to care homes of people aged 18 to 64.' },
  ],
  'long-term-support': [
    { code: 'ASCOF-3D1', why: 'People in community support who direct it through a personal budget.' },
    { code: 'ASCOF-3D2', why: 'People in community support who take it as a direct payment.' },
    {
      code: 'ISF-PEOPLE',
      why: 'People whose budget is held by a provider of their choice as an individual service fund.',
    },
    { code: 'ASCOF-2E', why: 'People in long-term support who live in their own home or with family.' },
    {
      code: 'RESIDENTIAL-SPEND-SHARE',
      why: 'How much of the spend on long-term support goes on care homes.',
    },
    { code: 'SPEND-PER-PERSON-18-64', why: 'What long-term support costs per person aged 18 to 64.' },
    { code: 'SPEND-PER-PERSON-65+', why: 'What long-term support costs per person aged 65 and over.' },
    { code: 'HOMECARE-10H', why: 'The spread of home care package sizes.' },
  ],
  'business-processes': [
    {
      code: 'ASSESSMENT-DAYS-MEDIAN',
      why: 'How long people wait from asking for help to a completed assessment.',
    },
    {
      code: 'REVIEWS-ON-TIME',
      why: 'Whether people in long-term support are reviewed at least once a year.',
    },
    {
      code: 'DIRECT-TIME-SHARE',
      why: 'How much practitioner time is spent with people rather than on process.',
    },
    { code: 'DECISION-DAYS-MEDIAN', why: 'How long funding decisions take.' },
    {
      code: 'PACKAGE-DAYS-MEDIAN',
      why: 'How long people wait, once their plan is agreed, for a provider to take on their care.',
    },
    {
      code: 'DELEGATED-SHARE',
      why: 'How many funding decisions are made by the practitioner closest to the person.',
    },
  ],
  'partnership-working': [
    {
      code: 'ASCOF-2A',
      why: 'Reablement outcomes depend on the council and the NHS planning discharge together.',
    },
    {
      code: 'ASCOF-2C',
      why: 'Care home admissions of older people reflect how well health and care manage discharge and crises.',
    },
    { code: 'ISF-PEOPLE', why: 'Individual service funds need providers trusted to hold people’s budgets.' },
    {
      code: 'PACKAGE-DAYS-MEDIAN',
      why: 'Care is arranged quickly only where the council and providers work together on capacity.',
    },
  ],
  engagement: [
    { code: 'ASCOF-3D1', why: 'People directing their own support is engagement at its most direct.' },
    { code: 'ASCOF-3D2', why: 'Direct payments give people the most control over their support.' },
  ],
}

/**
 * The codes of the measures that evidence an area, in the order shown.
 *
 * @example
 * measureCodesFor('recovery') // ['ASCOF-2A', 'ASCOF-2C', 'ASCOF-2B']
 */
export const measureCodesFor = (area: Area): string[] => AREA_MEASURES[area].map((m) => m.code)
