import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { allow, currentUser, signedIn } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { type FieldError, ValidationProblem } from '../../kernel/problem.ts'
import { isoDate } from '../../kernel/validation.ts'
import { DIFFICULTIES } from '../assessments/eligibility.ts'
import { applyCalibration, calibrationReport, saveRas } from './actions.ts'
import { RAS_OUTCOMES } from './ras.ts'
import { parseRasConfig, rasConfigFromForm, rasConfigSchema, rasFormValues } from './ras-input.ts'
import { currentRasConfig } from './store.ts'

type Form = Record<string, string | string[] | undefined>
const textOf = (form: Form) =>
  Object.fromEntries(Object.entries(form).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]))

const calibrationQuery = z.object({
  approvedSince: isoDate('Enter the date as YYYY-MM-DD').optional(),
})

/**
 * The council's resource allocation system: configuring it (a new version
 * each save) and calibrating its rate on the council's own approved plans.
 */
export async function budgetRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const configure = { preHandler: allow('configure') }

  app.get('/admin/ras', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const current = await currentRasConfig(database.db, user.councilId)
    return renderRas(reply, user.councilId, rasFormValues(current.config), [], textOf(request.query as Form))
  })

  app.post('/admin/ras', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const form = textOf((request.body ?? {}) as Form)
    try {
      const config = rasConfigFromForm(form)
      const version = await saveRas(
        database,
        { councilId: user.councilId, userId: user.id },
        config,
        form.note?.trim() || null,
      )
      return reply.redirect(`/admin/ras?saved=${version}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return renderRas(reply.code(422), user.councilId, form, error.errors, {})
    }
  })

  app.post('/admin/ras/calibration', { ...configure, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    try {
      const { version } = await applyCalibration(database, { councilId: user.councilId, userId: user.id })
      return reply.redirect(`/admin/ras?saved=${version}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      const current = await currentRasConfig(database.db, user.councilId)
      return renderRas(reply.code(422), user.councilId, rasFormValues(current.config), error.errors, {})
    }
  })

  async function renderRas(
    reply: FastifyReply,
    councilId: string,
    values: Record<string, string | undefined>,
    errors: FieldError[],
    query: Record<string, string | undefined>,
  ) {
    const current = await currentRasConfig(database.db, councilId)
    const report = await calibrationReport(database.db, councilId)
    return reply.view('budgets/views/ras.njk', {
      title: 'Resource allocation system',
      errors,
      csrfToken: reply.generateCsrf(),
      values,
      current,
      saved: query.saved,
      report,
      outcomes: RAS_OUTCOMES.map((o) => ({
        ...o,
        name: `outcomePoints.${o.code}`,
        id: `outcomePoints-${o.code}`,
      })),
      difficulties: DIFFICULTIES.map((d) => ({
        code: d.code,
        label: d.label,
        name: `difficultyPoints.${d.code}`,
        id: `difficultyPoints-${d.code}`,
      })),
    })
  }

  // API
  app.get(
    '/api/v1/ras-configuration',
    {
      preHandler: signedIn,
      schema: { tags: ['budgets'], summary: 'The council’s resource allocation system in force' },
    },
    async (request) => {
      const user = currentUser(request)
      const current = await currentRasConfig(database.db, user.councilId)
      return {
        version: current.version,
        isDefault: current.version === 0,
        note: current.note,
        createdAt: current.createdAt,
        ...current.config,
      }
    },
  )

  app.put(
    '/api/v1/ras-configuration',
    {
      ...configure,
      schema: {
        tags: ['budgets'],
        summary: 'Save a new version of the council’s RAS (budgets already given keep theirs)',
        body: z.toJSONSchema(rasConfigSchema, { io: 'input' }),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const config = parseRasConfig(request.body)
      const note = (request.body as { note?: unknown } | undefined)?.note
      const version = await saveRas(
        database,
        { councilId: user.councilId, userId: user.id },
        config,
        typeof note === 'string' && note.trim() ? note.trim().slice(0, 500) : null,
      )
      return { version, isDefault: false, ...config }
    },
  )

  app.get(
    '/api/v1/ras-configuration/calibration',
    {
      ...configure,
      schema: {
        tags: ['budgets'],
        summary: 'Fit the rate per point on the council’s approved plans and report the fit',
        querystring: z.toJSONSchema(calibrationQuery),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const query = calibrationQuery.safeParse(request.query ?? {})
      if (!query.success) {
        throw new ValidationProblem([{ field: 'approvedSince', message: 'Enter the date as YYYY-MM-DD' }])
      }
      return calibrationReport(database.db, user.councilId, { approvedSince: query.data.approvedSince })
    },
  )
}
