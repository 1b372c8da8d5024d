import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import type { CurrentUser } from '../identity/store.ts'
import { isFinancialYear, type Period } from '../measures/periods.ts'
import { decidedRequestsBetween } from './cost-store.ts'
import { type DelegationScheme, LEVEL_LABELS } from './delegation.ts'
import { fundingYears, yearOrLastTwelveMonths } from './funding-years.ts'
import {
  parseScheme,
  type RuleForm,
  ruleFormOf,
  rulesFromForm,
  schemeBodySchema,
  schemeFromForm,
} from './inputs.ts'
import { type LevelFigures, type Replay, replayRequests } from './replay.ts'
import { editRules, ruleFieldsView } from './scheme-form.ts'
import { readDecisionSettings } from './settings-store.ts'
import { currentScheme } from './store.ts'

type Form = Record<string, string | string[] | undefined>
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

const YEAR_ERROR = { field: 'year', message: 'Choose a financial year from the list' }

/**
 * What another scheme of delegation would have done (DESIGN.md capability
 * 12a): the rules of a scheme someone is weighing, and a period's decided
 * requests replayed under them beside what really happened. Nothing is
 * saved: changing the scheme in force is the administrator's page.
 */
export async function whatIfRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const guarded = { preHandler: allow('decisionCost') }
  const today = () => isoDay(services.now())

  app.get('/decisions/what-if', { ...guarded, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const current = await currentScheme(database.db, user.councilId)
    return render(reply, user, { year: '', rules: current.scheme.rules.map(ruleFormOf) }, [])
  })

  app.post('/decisions/what-if', { ...guarded, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = (request.body ?? {}) as Form
    const year = single(form.year) ?? ''
    const rules = rulesFromForm(form)
    const edited = editRules(rules, single(form.action))
    if (edited) return render(reply, user, { year, rules: edited }, [])
    const errors: FieldError[] = []
    let scheme: DelegationScheme | undefined
    try {
      scheme = schemeFromForm(rules)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      errors.push(...error.errors)
    }
    if (year !== '' && !isFinancialYear(year)) errors.unshift(YEAR_ERROR)
    if (errors.length || !scheme) return render(reply.code(422), user, { year, rules }, errors)
    const period = yearOrLastTwelveMonths(year, today())
    const replay = await replayFor(user, scheme, period)
    return render(reply, user, { year, rules }, [], { period, replay })
  })

  async function render(
    reply: FastifyReply,
    user: CurrentUser,
    asked: { year: string; rules: RuleForm[] },
    errors: FieldError[],
    result?: { period: Period; replay: Replay },
  ) {
    const years = await fundingYears(database.db, user.councilId, today())
    return reply.view('decisions/views/what-if.njk', {
      title: result ? 'What this scheme would have done' : 'Try another scheme of delegation',
      errors,
      csrfToken: reply.generateCsrf(),
      yearItems: [
        { value: '', text: 'The last 12 months', selected: asked.year === '' },
        ...years.map((y) => ({ value: y, text: `${y} financial year`, selected: y === asked.year })),
      ],
      ruleCount: asked.rules.length,
      rules: ruleFieldsView(asked.rules, errors),
      result: result && replayView(result.period, result.replay),
    })
  }

  async function replayFor(user: CurrentUser, scheme: DelegationScheme, period: Period) {
    const { settings } = await readDecisionSettings(database.db, user.councilId)
    const requests = await decidedRequestsBetween(database.db, user.councilId, period.start, period.end)
    return replayRequests(requests, scheme, settings)
  }

  app.post(
    '/api/v1/decisions/replay',
    {
      ...guarded,
      schema: {
        tags: ['decisions'],
        summary:
          'Replays a financial year’s decided requests (?year=2025-26, else the last 12 months) under a scheme of delegation, beside what happened: requests, staff hours, median days and money changed per route. Nothing is saved.',
        querystring: z.toJSONSchema(
          z.object({ year: z.string().optional().meta({ description: 'A financial year, like 2025-26' }) }),
        ),
        body: z.toJSONSchema(schemeBodySchema, { io: 'input' }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const year = single((request.query as Form).year) ?? ''
      if (year !== '' && !isFinancialYear(year)) {
        throw new ValidationProblem([{ field: 'year', message: 'Give a financial year like 2025-26' }])
      }
      const scheme = parseScheme(request.body)
      const period = yearOrLastTwelveMonths(year, today())
      return { period, ...(await replayFor(user, scheme, period)) }
    },
  )
}

const hours = (value: number) => value.toLocaleString('en-GB', { maximumFractionDigits: 0 })
const days = (value: number | null) =>
  value === null ? 'Not known' : value.toLocaleString('en-GB', { maximumFractionDigits: 1 })

/** The replay as the page shows it: each route as decided and under the scheme, and the moves. */
function replayView(period: Period, replay: Replay) {
  const cells = (f: Omit<LevelFigures, 'level'>) =>
    f.requests === 0
      ? { requests: 0, hours: '–', days: '–' }
      : { requests: f.requests, hours: hours(f.staffHours), days: days(f.medianDays) }
  const row = (label: string, before: Omit<LevelFigures, 'level'>, after: Omit<LevelFigures, 'level'>) => ({
    label,
    before: cells(before),
    after: cells(after),
  })
  const { asDecided, underScheme } = replay
  return {
    period,
    decided: replay.decided,
    rows: [
      ...asDecided.levels.map((level, i) =>
        row(LEVEL_LABELS[level.level], level, underScheme.levels[i] as LevelFigures),
      ),
      row('All routes', asDecided.all, underScheme.all),
    ],
    hoursChange: underScheme.all.staffHours - asDecided.all.staffHours,
    moneyBefore: asDecided.all.annualChangePence,
    moneyAfter: underScheme.all.annualChangePence,
    moves: replay.moves.map((m) => ({ ...m, fromLabel: LEVEL_LABELS[m.from], toLabel: LEVEL_LABELS[m.to] })),
    moved: replay.moves.reduce((sum, m) => sum + m.requests, 0),
    withoutHistory: replay.withoutHistory,
    refusedNowDelegated: replay.refusedNowDelegated,
  }
}
