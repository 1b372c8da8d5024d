import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { fundingYears, yearOrLastTwelveMonths } from '../decisions/funding-years.ts'
import type { CurrentUser } from '../identity/store.ts'
import { isFinancialYear } from '../measures/periods.ts'
import { COMPARISONS, type Comparison, type Consistency, practiceConsistency } from './consistency.ts'
import type { Funnel, FunnelPoint, Position } from './funnel.ts'
import { funnelChart } from './funnel-chart.ts'

type Query = Record<string, string | string[] | undefined>
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

const POSITION_TAGS: Record<Position, { text: string; classes: string }> = {
  'far-below': { text: 'Far below', classes: 'govuk-tag--red' },
  below: { text: 'Below', classes: 'govuk-tag--yellow' },
  within: { text: 'Within', classes: 'govuk-tag--grey' },
  above: { text: 'Above', classes: 'govuk-tag--yellow' },
  'far-above': { text: 'Far above', classes: 'govuk-tag--red' },
}

const percent = (share: number) => `${Math.round(share * 100)}%`

/**
 * Practice consistency (DESIGN.md capability 12b): need-adjusted plan cost
 * and how often plans are changed by whoever decides them, by practitioner
 * or by team, as funnel plots beside tables, for those who manage practice.
 */
export async function consistencyRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const guarded = { preHandler: allow('practiceConsistency') }
  const today = () => isoDay(services.now())

  /** The period and comparison asked for, or the fields that are wrong. */
  function readQuery(query: Query) {
    const year = single(query.year) ?? ''
    const by = single(query.by) ?? 'practitioner'
    const errors: FieldError[] = []
    if (year !== '' && !isFinancialYear(year))
      errors.push({ field: 'year', message: 'Choose a financial year from the list' })
    if (!(COMPARISONS as readonly string[]).includes(by))
      errors.push({ field: 'by', message: 'Choose whether to compare practitioners or teams' })
    return { year, by: by as Comparison, errors }
  }

  app.get('/evidence/consistency', { ...guarded, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const asked = readQuery(request.query as Query)
    if (asked.errors.length)
      return render(reply.code(422), user, { year: '', by: 'practitioner' }, asked.errors)
    return render(reply, user, asked, [])
  })

  async function render(
    reply: FastifyReply,
    user: CurrentUser,
    asked: { year: string; by: Comparison },
    errors: FieldError[],
  ) {
    const period = yearOrLastTwelveMonths(asked.year, today())
    const years = await fundingYears(database.db, user.councilId, today())
    const found = await practiceConsistency(database, user, period, asked.by)
    const noun = asked.by === 'team' ? 'team' : 'practitioner'
    return reply.view('consistency/views/consistency.njk', {
      title: 'Practice consistency',
      errors,
      year: asked.year,
      by: asked.by,
      period,
      yearItems: [
        { value: '', text: 'The last 12 months', selected: asked.year === '' },
        ...years.map((y) => ({ value: y, text: `${y} financial year`, selected: y === asked.year })),
      ],
      byItems: COMPARISONS.map((value) => ({
        value,
        text: value === 'team' ? 'Teams' : 'Practitioners',
        checked: value === asked.by,
      })),
      noun,
      ownTeamOnly: found.ownTeamOnly,
      noTeam: found.ownTeamOnly && user.teamId === null,
      cost: {
        ...section(
          found,
          found.cost,
          'cost-funnel',
          `Plan cost as a share of the indicative budget, by ${noun}`,
        ),
        leftOut: found.leftOut,
      },
      decisions: section(
        found,
        found.decisions,
        'decision-funnel',
        `Share of plans amended or refused above the practitioner, by ${noun}`,
      ),
    })
  }

  app.get(
    '/api/v1/consistency',
    {
      ...guarded,
      schema: {
        tags: ['evidence'],
        summary:
          'Practice consistency for a financial year (?year=2025-26) or the last 12 months, by practitioner or team (?by=team): need-adjusted plan cost and the share of plans amended or refused, each with funnel limits',
        querystring: z.toJSONSchema(
          z.object({
            year: z.string().optional().meta({ description: 'A financial year, like 2025-26' }),
            by: z.enum(COMPARISONS).optional().meta({ description: 'practitioner (the default) or team' }),
          }),
        ),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const asked = readQuery(request.query as Query)
      if (asked.errors.length) {
        throw new ValidationProblem(
          asked.errors.map((e) =>
            e.field === 'year'
              ? { field: 'year', message: 'Give a financial year like 2025-26' }
              : { field: 'by', message: 'Give practitioner or team' },
          ),
        )
      }
      const period = yearOrLastTwelveMonths(asked.year, today())
      const found = await practiceConsistency(database, user, period, asked.by)
      const funnelJson = (points: FunnelPoint[]) =>
        points.map((p) => ({
          id: p.group,
          name: found.nameOf(p.group),
          ...(asked.by === 'practitioner' ? { team: found.teamOf(p.group) } : {}),
          requests: p.requests,
          value: p.value,
          limits: p.limits,
          position: p.position,
        }))
      return {
        period,
        by: asked.by,
        ownTeamOnly: found.ownTeamOnly,
        cost: {
          centre: found.cost.centre,
          requests: found.cost.requests,
          leftOut: found.leftOut,
          groups: funnelJson(found.cost.points),
        },
        decisions: {
          centre: found.decisions.centre,
          requests: found.decisions.requests,
          groups: funnelJson(found.decisions.points),
        },
      }
    },
  )
}

function pointRow(found: Consistency, p: FunnelPoint) {
  return {
    name: found.nameOf(p.group),
    team: found.teamOf(p.group),
    requests: p.requests,
    value: percent(p.value),
    limits: p.limits
      ? `${percent(p.limits.warning[0])} to ${percent(p.limits.warning[1])}`
      : 'Too few to tell',
    tag: p.position ? POSITION_TAGS[p.position] : null,
  }
}

/** One funnel as the page shows it: the council's figure, the chart and the table's rows. */
function section(found: Consistency, funnel: Funnel, id: string, title: string) {
  return {
    centre: funnel.centre === null ? null : percent(funnel.centre),
    requests: funnel.requests,
    chart: funnelChart({
      id,
      title,
      description: describe(found, funnel.points, title.toLowerCase()),
      funnel,
      nameOf: found.nameOf,
      format: percent,
    }),
    rows: funnel.points.map((p) => pointRow(found, p)),
  }
}

/** The chart's description for screen readers: how many points, and those far from the council's figure. */
function describe(found: Consistency, points: FunnelPoint[], what: string): string {
  const far = points.filter((p) => p.position === 'far-above' || p.position === 'far-below')
  const named = far.map((p) => `${found.nameOf(p.group)} (${percent(p.value)}, ${p.requests} requests)`)
  return (
    `A funnel plot of ${what}, against the number of requests: ${points.length} points. ` +
    (far.length ? `Outside the 99.8% limits: ${named.join('; ')}.` : 'None is outside the 99.8% limits.') +
    ' The table below gives every figure.'
  )
}
