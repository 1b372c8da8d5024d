/**
 * The scheme of delegation as data: who may approve a funding request. A
 * scheme is an ordered list of rules; each rule's conditions are alternatives
 * (any one matches), and the first rule that matches decides the authority
 * level. When none matches, the practitioner's own submission is the approval.
 * Pure: the council's scheme comes in as data and the route goes out.
 */

/** Authority levels, lowest first. */
export const AUTHORITY_LEVELS = ['practitioner', 'team_manager', 'head_of_service', 'panel'] as const
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number]

export const LEVEL_LABELS: Record<AuthorityLevel, string> = {
  practitioner: 'Practitioner (delegated)',
  team_manager: 'Team manager',
  head_of_service: 'Head of service',
  panel: 'Panel',
}

/**
 * A level's rank: higher decides more.
 *
 * @example
 * levelRank('panel') > levelRank('head_of_service') // true
 */
export const levelRank = (level: AuthorityLevel): number => AUTHORITY_LEVELS.indexOf(level)

export const isAuthorityLevel = (value: unknown): value is AuthorityLevel =>
  typeof value === 'string' && (AUTHORITY_LEVELS as readonly string[]).includes(value)

/** What a rule looks at. Each condition given is an alternative: any one that holds matches the rule. */
export interface DelegationConditions {
  /** Any line of the plan has one of these CLD service types. */
  anyLineServiceType?: string[]
  /** The plan costs more than this a year (52 weeks and any one-off costs). */
  annualCostAbovePence?: number
  /** The plan costs more than this a week. */
  weeklyCostAbovePence?: number
  /** The plan's weekly cost is more than this percentage of the indicative weekly budget. */
  weeklyCostAboveIndicativePercent?: number
}

export interface DelegationRule {
  /** A rule with no conditions matches every request ("otherwise"). */
  when: DelegationConditions
  level: AuthorityLevel
}

export interface DelegationScheme {
  rules: DelegationRule[]
}

/** What routing needs to know about a plan. */
export interface RoutingFacts {
  weeklyCostPence: number
  annualCostPence: number
  indicativeWeeklyPence: number
  serviceTypes: readonly string[]
}

export interface Route {
  level: AuthorityLevel
  /** The rule that matched, counting from 1; null when none did. */
  ruleNumber: number | null
  /** Why, in words: the condition that held. */
  reason: string
}

/**
 * The scheme the tests and the demo council use: Doncaster's published limits
 * (£35,000 a year for a team leader, £49,000 above which a panel decides; a
 * standard residential placement costs about £41,000) with the usual checks
 * against the indicative budget. Councils that have not saved a scheme of
 * their own are routed by this one until they do.
 */
export const DEMO_SCHEME: DelegationScheme = {
  rules: [
    {
      when: {
        anyLineServiceType: ['Long term support: Residential care', 'Long term support: Nursing care'],
      },
      level: 'panel',
    },
    { when: { weeklyCostAboveIndicativePercent: 125 }, level: 'panel' },
    { when: { annualCostAbovePence: 4_900_000 }, level: 'panel' },
    { when: { annualCostAbovePence: 3_500_000 }, level: 'head_of_service' },
    {
      when: { annualCostAbovePence: 1_500_000, weeklyCostAboveIndicativePercent: 110 },
      level: 'team_manager',
    },
    { when: {}, level: 'practitioner' },
  ],
}

const pounds = (pence: number) =>
  (pence / 100).toLocaleString('en-GB', {
    style: 'currency',
    currency: 'GBP',
    minimumFractionDigits: pence % 100 === 0 ? 0 : 2,
  })

/** Each condition that holds for the facts, in words. */
function conditionsHolding(when: DelegationConditions, facts: RoutingFacts): string[] {
  const holding: string[] = []
  const types = when.anyLineServiceType ?? []
  const matched = types.filter((t) => facts.serviceTypes.includes(t))
  if (matched.length > 0) holding.push(`a line is ${matched.map((t) => `“${t}”`).join(' or ')}`)
  if (when.annualCostAbovePence !== undefined && facts.annualCostPence > when.annualCostAbovePence) {
    holding.push(
      `it costs ${pounds(facts.annualCostPence)} a year, above ${pounds(when.annualCostAbovePence)}`,
    )
  }
  if (when.weeklyCostAbovePence !== undefined && facts.weeklyCostPence > when.weeklyCostAbovePence) {
    holding.push(
      `it costs ${pounds(facts.weeklyCostPence)} a week, above ${pounds(when.weeklyCostAbovePence)}`,
    )
  }
  const percent = when.weeklyCostAboveIndicativePercent
  // Whole-number comparison: cost × 100 > percent × budget, so no rounding decides a route.
  if (percent !== undefined && facts.weeklyCostPence * 100 > percent * facts.indicativeWeeklyPence) {
    holding.push(
      `it costs ${pounds(facts.weeklyCostPence)} a week, more than ${percent}% of the indicative budget of ${pounds(facts.indicativeWeeklyPence)}`,
    )
  }
  return holding
}

const hasConditions = (when: DelegationConditions) =>
  (when.anyLineServiceType?.length ?? 0) > 0 ||
  when.annualCostAbovePence !== undefined ||
  when.weeklyCostAbovePence !== undefined ||
  when.weeklyCostAboveIndicativePercent !== undefined

/**
 * Routes a funding request: the level of the first rule that matches, or
 * the practitioner when none does.
 *
 * @example
 * routeFundingRequest(DEMO_SCHEME, {
 *   weeklyCostPence: 40_000, annualCostPence: 2_080_000, indicativeWeeklyPence: 40_000,
 *   serviceTypes: ['Long term support: Community'],
 * })
 * // { level: 'team_manager', ruleNumber: 5, reason: 'Rule 5: it costs £20,800 a year, above £15,000' }
 */
export function routeFundingRequest(scheme: DelegationScheme, facts: RoutingFacts): Route {
  for (const [index, rule] of scheme.rules.entries()) {
    const ruleNumber = index + 1
    if (!hasConditions(rule.when)) {
      return { level: rule.level, ruleNumber, reason: `Rule ${ruleNumber}: no other rule applies` }
    }
    const holding = conditionsHolding(rule.when, facts)
    if (holding.length > 0)
      return { level: rule.level, ruleNumber, reason: `Rule ${ruleNumber}: ${holding.join('; ')}` }
  }
  return {
    level: 'practitioner',
    ruleNumber: null,
    reason: 'No rule applies, so it is within the practitioner’s delegation',
  }
}

/**
 * A rule in words, for the scheme's page.
 *
 * @example
 * describeRule({ when: { annualCostAbovePence: 3_500_000 }, level: 'head_of_service' })
 * // 'If the annual cost is above £35,000: head of service'
 */
export function describeRule(rule: DelegationRule): string {
  return `${describeConditions(rule.when)}: ${LEVEL_LABELS[rule.level].toLowerCase()}`
}

/** A rule's conditions in words ("Otherwise" when it has none). */
export function describeConditions(when: DelegationConditions): string {
  const parts: string[] = []
  if (when.anyLineServiceType?.length) {
    parts.push(`any line is ${when.anyLineServiceType.map((t) => `“${t}”`).join(' or ')}`)
  }
  if (when.annualCostAbovePence !== undefined)
    parts.push(`the annual cost is above ${pounds(when.annualCostAbovePence)}`)
  if (when.weeklyCostAbovePence !== undefined)
    parts.push(`the weekly cost is above ${pounds(when.weeklyCostAbovePence)}`)
  if (when.weeklyCostAboveIndicativePercent !== undefined) {
    parts.push(`the weekly cost is above ${when.weeklyCostAboveIndicativePercent}% of the indicative budget`)
  }
  return parts.length ? `If ${parts.join(', or ')}` : 'Otherwise'
}

const dependsOnCost = (when: DelegationConditions) =>
  when.annualCostAbovePence !== undefined ||
  when.weeklyCostAbovePence !== undefined ||
  when.weeklyCostAboveIndicativePercent !== undefined

/**
 * What stops a scheme routing a dearer plan lower, in words; empty when it
 * never can. Raising a plan's cost can only make a rule with a cost condition
 * start to match, so the one way to route lower is a rule that looks at cost
 * sending requests to a lower level than a rule after it. Rules after one
 * with no conditions can never match, which is also reported.
 *
 * @example
 * schemeProblems({ rules: [
 *   { when: { annualCostAbovePence: 1_000_000 }, level: 'team_manager' },
 *   { when: { annualCostAbovePence: 4_900_000 }, level: 'panel' },
 * ] })
 * // ['Rule 1 sends dearer plans to team manager, below rule 2 (panel): a dearer plan could go to a lower level. Put the higher level first']
 */
export function schemeProblems(scheme: DelegationScheme): string[] {
  const problems: string[] = []
  const rules = scheme.rules
  for (const [i, rule] of rules.entries()) {
    if (!hasConditions(rule.when) && i < rules.length - 1) {
      problems.push(
        `Rule ${i + 1} has no conditions, so the rules after it can never apply. Remove them or add conditions`,
      )
      break
    }
    if (!dependsOnCost(rule.when)) continue
    const higher = rules.slice(i + 1).findIndex((later) => levelRank(later.level) > levelRank(rule.level))
    if (higher >= 0) {
      const later = rules[i + 1 + higher] as DelegationRule
      problems.push(
        `Rule ${i + 1} sends dearer plans to ${LEVEL_LABELS[rule.level].toLowerCase()}, below rule ${i + 2 + higher} (${LEVEL_LABELS[later.level].toLowerCase()}): a dearer plan could go to a lower level. Put the higher level first`,
      )
    }
  }
  return problems
}

/** The authority level a role decides at; undefined for roles that decide no funding. */
export function levelOfRole(role: string): AuthorityLevel | undefined {
  switch (role) {
    case 'practitioner':
      return 'practitioner'
    case 'team_manager':
      return 'team_manager'
    case 'head_of_service':
      return 'head_of_service'
    case 'panel_member':
      return 'panel'
    default:
      return undefined
  }
}

/**
 * Whether a role may decide a request routed to a level: its own level or
 * higher, and a panel's requests only by the panel.
 *
 * @example
 * mayDecide('head_of_service', 'team_manager') // true
 * mayDecide('head_of_service', 'panel') // false
 * mayDecide('practitioner', 'team_manager') // false
 */
export function mayDecide(role: string, level: AuthorityLevel): boolean {
  const own = levelOfRole(role)
  if (own === undefined) return false
  if (level === 'panel') return own === 'panel'
  return levelRank(own) >= levelRank(level)
}

/** The levels whose queues a role may work, lowest first (the practitioner level never queues). */
export function queuesForRole(role: string): AuthorityLevel[] {
  return AUTHORITY_LEVELS.filter((level) => level !== 'practitioner' && mayDecide(role, level))
}

/**
 * The queue a role's funding requests open on: its own level where it decides
 * at it (a panel member's is the panel's), else the first it may decide.
 *
 * @example
 * ownQueue('head_of_service') // 'head_of_service'
 */
export function ownQueue(role: string): AuthorityLevel | undefined {
  const mine = queuesForRole(role)
  const own = role === 'panel_member' ? 'panel' : role
  return mine.find((level) => level === own) ?? mine[0]
}
