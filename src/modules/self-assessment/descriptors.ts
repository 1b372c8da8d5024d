/**
 * The six areas of the self-assessment and what a score of 0, 1, 2 and 3
 * looks like in each, written for English adult social care. The scale runs
 * from below the minimum a council must reach (0), through adequate (1) and
 * performing well (2), to performing strongly (3).
 */

export const AREAS = [
  'prevention',
  'recovery',
  'long-term-support',
  'business-processes',
  'partnership-working',
  'engagement',
] as const
export type Area = (typeof AREAS)[number]

export const SCORES = [0, 1, 2, 3] as const
export type Score = (typeof SCORES)[number]

/** What each point of the scale means, whatever the area. */
export const SCORE_LABELS: Record<Score, string> = {
  0: 'Below the minimum',
  1: 'Adequate',
  2: 'Performing well',
  3: 'Performing strongly',
}

export interface AreaDescription {
  area: Area
  title: string
  /** What the area covers, in a sentence. */
  covers: string
  /** What the council would see at each score, lowest first. */
  levels: Record<Score, string>
}

export const AREA_DESCRIPTIONS: Record<Area, AreaDescription> = {
  prevention: {
    area: 'prevention',
    title: 'Prevention',
    covers:
      'Information, advice, equipment, community support and early help that keep people well and delay their need for care and support.',
    levels: {
      0: 'People mostly reach the council in crisis. Information and advice are hard to find or out of date, equipment and adaptations take months, and the council does not know how many people it helps without a package of care.',
      1: 'Information, advice and equipment are available and most requests get a proportionate answer, but they are not planned together. The council counts what it does, not whether it delayed anyone’s need for long-term support.',
      2: 'Most people who ask for help are offered advice, equipment or community support first, quickly and close to home. Fewer people move into long-term support each year than in similar councils, and the council can show why.',
      3: 'Prevention is planned with the NHS, housing and the voluntary sector from shared data. Demand for long-term support is falling or flat against a growing older population, and people and carers say they got help before things went wrong.',
    },
  },
  recovery: {
    area: 'recovery',
    title: 'Recovery',
    covers:
      'Reablement and other short-term support that help people regain their independence, after a stay in hospital or a crisis at home.',
    levels: {
      0: 'Few people are offered reablement, or it is used as a waiting room for home care. Many people leave hospital straight into a care home, and the council does not know what happened to people after short-term support.',
      1: 'Reablement is offered to most people leaving hospital who could benefit, and its outcomes are recorded. Outcomes are close to other councils’, but capacity or staffing often delays starts.',
      2: 'Reablement starts promptly for people from hospital and from the community. Most people need no ongoing support or less support afterwards, and permanent admissions to care homes are lower than in similar councils.',
      3: 'Short-term support is the default route into care for everyone who could benefit. Its outcomes are among the best of similar councils, people stay at home months later, and what the service learns shapes commissioning.',
    },
  },
  'long-term-support': {
    area: 'long-term-support',
    title: 'Long-term support',
    covers:
      'Care and support for people with ongoing eligible needs: personal budgets, direct payments, home care, supported living and care homes.',
    levels: {
      0: 'Support is mostly arranged by the council in traditional services. Few people have a direct payment, many live in care homes when they could live at home, and the cost of packages is not understood or controlled.',
      1: 'Everyone with eligible needs has a personal budget and a support plan, and direct payments are offered. Costs are known, but they vary between teams in ways the council cannot yet explain.',
      2: 'People choose how their support is arranged, and direct payments and individual service funds are used more than in similar councils. Most people live in settled accommodation, and package costs are fair and consistent between teams.',
      3: 'People design their own support with a real choice of providers, micro-providers and personal assistants. The council spends a smaller share on care homes than similar councils while outcomes and people’s experience stay good.',
    },
  },
  'business-processes': {
    area: 'business-processes',
    title: 'Business processes',
    covers:
      'How the council runs the pathway: assessments, reviews, funding decisions, recording and the time practitioners spend with people.',
    levels: {
      0: 'People wait months for an assessment or a review, decisions go through several layers of approval, and practitioners spend most of their time recording and on process. The council cannot say how long anything takes.',
      1: 'Waiting times and overdue reviews are known and reported. Most decisions are made at the right level, but processes differ between teams and backlogs come and go.',
      2: 'Assessments and funding decisions are timely and proportionate, most reviews happen on time, and practitioners spend more of their time with people than in similar councils. Decisions are delegated to the people closest to the person.',
      3: 'The pathway is simple, measured end to end and improved from the council’s own data. People get a decision in days, reviews are never missed, and practitioners trust the delegation scheme and use it.',
    },
  },
  'partnership-working': {
    area: 'partnership-working',
    title: 'Partnership working',
    covers:
      'Working with the NHS, housing, providers, the voluntary sector and other councils on shared plans, budgets and care.',
    levels: {
      0: 'Partners blame each other for delays. There are no shared plans or pooled budgets beyond what is required, and hospital discharge and market problems are handled case by case.',
      1: 'The council meets its statutory duties with the NHS and housing, and the Better Care Fund is agreed. Joint work depends on individual relationships more than on shared plans.',
      2: 'The council and its partners have shared plans for discharge, prevention and the care market, with pooled budgets and joint commissioning that they review together. Providers are involved in setting fees and standards.',
      3: 'Health, care and housing plan and commission together for the whole population, share data and budgets, and can show what the partnership has changed for people. The council compares itself openly with peers and learns from them.',
    },
  },
  engagement: {
    area: 'engagement',
    title: 'Engagement of people and the public',
    covers:
      'How people who draw on care and support, carers and the public shape the council’s services and hold it to account.',
    levels: {
      0: 'People and carers are asked for their views rarely, and only by survey. Complaints are handled one at a time and nothing changes as a result. The public cannot see how the council is doing.',
      1: 'The council runs the national surveys, publishes a local account and consults on major changes. Feedback is collected but seldom shapes decisions.',
      2: 'People and carers help design services and take part in commissioning and quality checks. The council tells people what changed because of what they said, and publishes its performance and this self-assessment.',
      3: 'Co-production is how the council works: people and carers set priorities, sit on decision-making boards and check progress. The public can follow the council’s performance against its peers and see its plans to improve.',
    },
  },
}

/**
 * Whether a string names one of the six areas, as written in URLs.
 *
 * @example
 * isArea('long-term-support') // true
 * isArea('finance') // false
 */
export const isArea = (value: string): value is Area => (AREAS as readonly string[]).includes(value)
