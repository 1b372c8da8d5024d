import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser, signedIn } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import type { Database } from '../../kernel/db/connect.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { recordAudit } from '../audit/store.ts'
import { can } from '../identity/roles.ts'
import type { CurrentUser } from '../identity/store.ts'
import { isFinancialYear, type Period } from '../measures/periods.ts'
import { decidedRequestsBetween } from './cost-store.ts'
import { allRoutes, type RouteCost, routeCosts } from './decision-cost.ts'
import { LEVEL_LABELS } from './delegation.ts'
import { fundingYears, yearOrLastTwelveMonths } from './funding-years.ts'
import {
  type DecisionSettings,
  decisionSettingsSchema,
  parseDecisionSettings,
  SETTING_FIELDS,
  settingsFromForm,
} from './settings.ts'
import { readDecisionSettings, writeDecisionSettings } from './settings-store.ts'

type Form = Record<string, string | string[] | undefined>
const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)

/**
 * The cost of deciding (a page and the API, for those who weigh the scheme
 * of delegation) and the council's decision settings (escalation and the
 * default minutes per step, for the administrator).
 */
export async function decisionCostRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const decisionCost = { preHandler: allow('decisionCost') }
  const configure = { preHandler: allow('configure') }
  const today = () => isoDay(services.now())

  app.get('/decisions/cost', { ...decisionCost, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const asked = single((request.query as Form).year) ?? ''
    const years = await fundingYears(database.db, user.councilId, today())
    if (asked !== '' && !isFinancialYear(asked)) {
      const errors = [{ field: 'year', message: 'Choose a financial year from the list' }]
      return renderCost(reply.code(422), user, years, '', yearOrLastTwelveMonths('', today()), errors)
    }
    return renderCost(reply, user, years, asked, yearOrLastTwelveMonths(asked, today()), [])
  })

  async function renderCost(
    reply: FastifyReply,
    user: CurrentUser,
    years: string[],
    year: string,
    period: Period,
    errors: FieldError[],
  ) {
    const cost = await costOfDeciding(database, user, period)
    return reply.view('decisions/views/cost.njk', {
      title: 'The cost of deciding',
      errors,
      year,
      period,
      yearItems: [
        { value: '', text: 'The last 12 months', selected: year === '' },
        ...years.map((y) => ({ value: y, text: `${y} financial year`, selected: y === year })),
      ],
      rows: cost.routes.map((r) => costRow(LEVEL_LABELS[r.route], r)),
      all: costRow('All routes', cost.all),
      settings: cost.settings,
      settingsSaved: cost.settingsSaved,
      canConfigure: can(user.role, 'configure'),
    })
  }

  app.get('/admin/decision-settings', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const { settings, saved } = await readDecisionSettings(database.db, user.councilId)
    const values = Object.fromEntries(SETTING_FIELDS.map((f) => [f.name, String(settings[f.name])]))
    return renderSettings(reply, values, [], {
      saved,
      flash: single((request.query as Form).saved) ? 'Settings saved' : undefined,
    })
  })

  app.post('/admin/decision-settings', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = Object.fromEntries(
      Object.entries((request.body ?? {}) as Form).map(([k, v]) => [k, single(v)]),
    )
    try {
      await saveDecisionSettings(database, user, settingsFromForm(form), services.now())
      return reply.redirect('/admin/decision-settings?saved=1', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const { saved } = await readDecisionSettings(database.db, user.councilId)
      return renderSettings(reply.code(422), form, error.errors, { saved })
    }
  })

  function renderSettings(
    reply: FastifyReply,
    values: Record<string, string | undefined>,
    errors: FieldError[],
    options: { saved: boolean; flash?: string },
  ) {
    return reply.view('decisions/views/decision-settings.njk', {
      title: 'Decision settings',
      errors,
      values,
      flash: options.flash,
      isDefault: !options.saved,
      fields: SETTING_FIELDS.map((f) => ({ ...f, id: f.name, value: values[f.name] ?? '' })),
    })
  }

  // API
  app.get(
    '/api/v1/decisions/cost',
    {
      ...decisionCost,
      schema: {
        tags: ['decisions'],
        summary:
          'The cost of deciding by route for a financial year (?year=2025-26) or the last 12 months: days to decision, staff hours, amendments and refusals',
        querystring: z.toJSONSchema(
          z.object({ year: z.string().optional().meta({ description: 'A financial year, like 2025-26' }) }),
        ),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const asked = single((request.query as Form).year) ?? ''
      if (asked !== '' && !isFinancialYear(asked)) {
        throw new ValidationProblem([{ field: 'year', message: 'Give a financial year like 2025-26' }])
      }
      const period = yearOrLastTwelveMonths(asked, today())
      const cost = await costOfDeciding(database, user, period)
      return {
        period,
        settings: cost.settings,
        routes: cost.routes.map(costJson),
        all: costJson({ route: 'all', ...cost.all }),
      }
    },
  )

  app.get(
    '/api/v1/decision-settings',
    {
      preHandler: signedIn,
      schema: {
        tags: ['decisions'],
        summary: 'The council’s decision settings: escalation days and default minutes per step',
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { settings, saved } = await readDecisionSettings(database.db, user.councilId)
      return { ...settings, isDefault: !saved }
    },
  )

  app.put(
    '/api/v1/decision-settings',
    {
      ...configure,
      schema: {
        tags: ['decisions'],
        summary: 'Replace the council’s decision settings',
        body: z.toJSONSchema(decisionSettingsSchema),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const settings = parseDecisionSettings(request.body)
      await saveDecisionSettings(database, user, settings, services.now())
      return { ...settings, isDefault: false }
    },
  )
}

/**
 * Saves the council's decision settings, audited.
 *
 * @example
 * await saveDecisionSettings(database, user, settings, now)
 */
export async function saveDecisionSettings(
  database: Database,
  user: CurrentUser,
  settings: DecisionSettings,
  now: Date,
) {
  await database.db.transaction().execute(async (tx) => {
    await writeDecisionSettings(tx, user.councilId, settings, user.id, now)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'decision_settings',
      detail: { ...settings },
    })
  })
}

/** The cost of deciding in a period, by route and for all routes, at the council's settings. */
async function costOfDeciding(database: Database, user: CurrentUser, period: Period) {
  const { settings, saved } = await readDecisionSettings(database.db, user.councilId)
  const requests = await decidedRequestsBetween(database.db, user.councilId, period.start, period.end)
  return {
    settings,
    settingsSaved: saved,
    routes: routeCosts(requests, settings),
    all: allRoutes(requests, settings),
  }
}

const oneDecimal = (value: number | null) =>
  value === null ? '–' : value.toLocaleString('en-GB', { maximumFractionDigits: 1 })
const percent = (share: number | null) => (share === null ? '–' : `${Math.round(share * 100)}%`)

function costRow(label: string, r: Omit<RouteCost, 'route'>) {
  return {
    label,
    decided: r.decided,
    medianDays: oneDecimal(r.medianDays),
    p90Days: oneDecimal(r.p90Days),
    staffHours: oneDecimal(r.staffHours),
    hoursPerRequest: oneDecimal(r.hoursPerRequest),
    amendedOrRefused: r.decided ? `${percent(r.amendedOrRefusedShare)} (${r.amended + r.refused})` : '–',
    recorded: percent(r.recordedShare),
    annualChangePence: r.annualChangePence,
  }
}

function costJson(r: Omit<RouteCost, 'route'> & { route: string }) {
  return {
    route: r.route,
    decided: r.decided,
    medianDaysToDecision: r.medianDays,
    p90DaysToDecision: r.p90Days,
    staffHours: Math.round(r.staffHours * 100) / 100,
    hoursPerRequest: r.hoursPerRequest === null ? null : Math.round(r.hoursPerRequest * 100) / 100,
    recordedMinutesShare: r.recordedShare,
    amended: r.amended,
    refused: r.refused,
    returned: r.returned,
    amendedOrRefusedShare: r.amendedOrRefusedShare,
    annualChangeByAmendmentPence: r.annualChangePence,
  }
}
