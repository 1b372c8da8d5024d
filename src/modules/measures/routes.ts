import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import { can } from '../identity/roles.ts'
import { type CurrentUser, listCouncils } from '../identity/store.ts'
import {
  addCouncilMeasure,
  changeCouncilMeasure,
  familyOfMeasure,
  measureJson,
  measurePagePeriods,
  parsePeriod,
  parseYear,
  readMeasure,
  readMeasures,
  removeCouncilMeasure,
  savePopulation,
  yearChoices,
} from './actions.ts'
import { backgroundFigures } from './background-figures.ts'
import { findMeasure } from './catalogue.ts'
import { computeMeasures, figuresReady, type MeasureResult } from './compute.ts'
import { COUNCIL_MEASURE_UNITS, councilMeasureSchema, UNIT_LABELS } from './council-measures.ts'
import { COUNTS } from './counts.ts'
import { formatCount, formatValue, headlineValue, UNIT_TEXT } from './format.ts'
import { type Period, quarterlyRollingYears } from './periods.ts'
import { hasMorePeople, SLICING } from './person-slices.ts'
import { findCouncilMeasure, listPopulations } from './store.ts'

const CODE = /^[A-Z0-9][A-Z0-9+-]{1,39}$/

/** A measure code from the path; anything else is a page that does not exist. */
function pathCode(value: string | undefined): string {
  if (!value || !CODE.test(value)) throw notFound('Measure')
  return value
}

const codeParams = z.toJSONSchema(z.object({ code: z.string() }))
const yearQuerystring = z.toJSONSchema(z.object({ year: z.string().optional() }))
const populationBody = z.toJSONSchema(
  z.object({ aged18To64: z.number().int().min(0), aged65Plus: z.number().int().min(0) }),
)

const DONE_MESSAGES: Record<string, string> = {
  population: 'Population saved. Rates per 100,000 use it from now on.',
  added: 'Measure added.',
  changed: 'Measure changed.',
  deleted: 'Measure deleted.',
}

/** A row of the measures table. */
function measureRow(result: MeasureResult, year: string) {
  return {
    code: result.code,
    href: `/measures/${encodeURIComponent(result.code)}?year=${year}`,
    title: result.title,
    numerator: formatCount(result.numerator, result.unit, 'numerator', result.code),
    denominator: formatCount(result.denominator, result.unit, 'denominator', result.code),
    value: formatValue(result.value, result.unit),
    unit: UNIT_TEXT[result.unit] ?? result.unit,
    // Beside a figure only what stops it having a value (a population not set); the measure's page has the rest.
    note: result.value === null && result.denominator === null ? result.note : undefined,
  }
}

/** National and local measures, population and the council's own measures: pages and API. */
export async function measureRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const read = { preHandler: allow('measures') }
  const manage = { preHandler: allow('manageMeasures') }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>
  const done = (request: FastifyRequest) =>
    DONE_MESSAGES[String((request.query as { done?: unknown }).done ?? '')]

  /** Logs a failure by the error's code and kind only: a message may quote a value from someone's record. */
  const logFailure = (what: string) => (error: unknown) =>
    app.log.error({ code: (error as { code?: unknown }).code, kind: (error as Error).name }, what)
  const background = backgroundFigures(logFailure('Working out measures in the background failed'))
  let closing = false
  app.addHook('onClose', () => {
    closing = true
    return background.close()
  })
  const backgroundOver = services.measuresInBackgroundOver ?? SLICING.over

  /**
   * Whether a page's figures are worked out in the background: not all cached for the council's data as
   * it is, and a large council's. (Cached figures, the usual case, are found without counting people.)
   */
  async function inBackground(councilId: string, periods: readonly Period[], family?: string) {
    return (
      !(await figuresReady(database.db, councilId, periods, family)) &&
      (await hasMorePeople(database.db, councilId, backgroundOver))
    )
  }

  /** A measures page's figures, worked out in the background under the page's own key. */
  function startMeasures(councilId: string, period: Period) {
    background.start(`${councilId}|measures|${period.start}|${period.end}`, (signal) =>
      computeMeasures(database.db, councilId, period, signal),
    )
  }

  /** Starts a large council's figures for the period the measures page opens on, unless they are cached. */
  async function startOpeningFigures(councilId: string) {
    const { period } = parsePeriod({}, today())
    if (await inBackground(councilId, [period])) startMeasures(councilId, period)
  }

  // A large council's figures after an import are a long piece of work: it starts as the import completes,
  // so that the reader who follows the import finds them sooner.
  app.councilData.onImported(startOpeningFigures)

  // The same when the service starts: data may have changed while it was stopped (an `ascend import cld`
  // on the embedded database, which only one process can open), or the figures' SQL with a new version.
  // Not awaited, so the service answers meanwhile.
  app.addHook('onReady', async () => {
    void (async () => {
      for (const council of await listCouncils(database.db)) {
        if (closing) return
        await startOpeningFigures(council.id)
      }
    })().catch((error: unknown) => {
      if (!closing) logFailure('Starting the figures at start-up failed')(error)
    })
  })

  /** The page a reader sees while their figures are worked out in the background. */
  function workingOutPage(
    reply: FastifyReply,
    page: { title: string; caption: string; periodsText: string; selfUrl: string; readyQuery: string },
  ) {
    return reply.view('measures/views/working-out.njk', {
      title: page.title,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Measures', href: '/measures' },
      ],
      heading: 'Your figures are being worked out',
      caption: page.caption,
      periodsText: page.periodsText,
      selfUrl: page.selfUrl,
      readyUrl: `/measures/ready.json?${page.readyQuery}`,
    })
  }

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get('/measures', { ...read, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    let chosen: ReturnType<typeof parsePeriod>
    try {
      chosen = parsePeriod(request.query, today())
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return measuresPage(reply.code(422), user, parsePeriod({}, today()), error.errors)
    }
    return measuresPage(reply, user, chosen, undefined, done(request))
  })

  async function measuresPage(
    reply: FastifyReply,
    user: CurrentUser,
    { year, quarter, period: chosen }: ReturnType<typeof parsePeriod>,
    errors?: FieldError[],
    flash?: string,
  ) {
    if (!errors && (await inBackground(user.councilId, [chosen]))) {
      startMeasures(user.councilId, chosen)
      const query = `year=${year}${quarter ? `&quarter=${quarter}` : ''}`
      return workingOutPage(reply, {
        title: `Your figures are being worked out: measures for ${chosen.label}`,
        caption: 'Measures',
        periodsText: chosen.label,
        selfUrl: `/measures?${query}`,
        readyQuery: query,
      })
    }
    const { period, results } = await readMeasures(database, user, chosen)
    const rows = (kind: MeasureResult['kind']) =>
      results.filter((r) => r.kind === kind).map((r) => measureRow(r, year))
    return reply.view('measures/views/measures.njk', {
      title: `Measures for ${period.label}`,
      breadcrumbs: [{ text: 'Home', href: '/' }],
      year,
      period,
      quarter: quarter ? String(quarter) : '',
      quarters: quarterlyRollingYears(year).map((p, i) => ({ value: String(i + 1), text: p.label })),
      years: yearChoices(today()),
      national: rows('ASCOF'),
      local: rows('local'),
      own: rows('council'),
      canManage: can(user.role, 'manageMeasures'),
      errors,
      flash,
    })
  }

  app.get('/measures/population', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    return populationPage(
      reply,
      user,
      { year: String(Number(today().slice(0, 4)) - 1) },
      undefined,
      done(request),
    )
  })

  app.post('/measures/population', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    try {
      await savePopulation(database, user, body(request))
      return reply.redirect('/measures/population?done=population', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return populationPage(reply.code(422), user, body(request), error.errors)
    }
  })

  async function populationPage(
    reply: FastifyReply,
    user: CurrentUser,
    values: Record<string, unknown>,
    errors?: FieldError[],
    flash?: string,
  ) {
    return reply.view('measures/views/population.njk', {
      title: 'Population',
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Measures', href: '/measures' },
      ],
      populations: await listPopulations(database.db, user.councilId),
      values,
      errors,
      flash,
    })
  }

  app.get('/measures/local/new', { ...manage, schema: { hide: true } }, async (_request, reply) =>
    councilMeasureForm(reply, { unit: 'percent' }),
  )

  app.post('/measures/local/new', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    try {
      const added = await addCouncilMeasure(database, user, body(request))
      return reply.redirect(`/measures/${encodeURIComponent(added.code)}?done=added`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return councilMeasureForm(reply.code(422), body(request), error.errors)
    }
  })

  app.get('/measures/:code/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const code = pathCode(params(request).code)
    const measure = await findCouncilMeasure(database.db, user.councilId, code)
    if (!measure) throw notFound('Measure')
    return councilMeasureForm(reply, { ...measure }, undefined, code)
  })

  app.post('/measures/:code/edit', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const code = pathCode(params(request).code)
    try {
      await changeCouncilMeasure(database, user, code, body(request))
      return reply.redirect(`/measures/${encodeURIComponent(code)}?done=changed`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return councilMeasureForm(reply.code(422), { ...body(request), code }, error.errors, code)
    }
  })

  app.post('/measures/:code/delete', { ...manage, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    await removeCouncilMeasure(database, user, pathCode(params(request).code))
    return reply.redirect('/measures?done=deleted', 303)
  })

  function councilMeasureForm(
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors?: FieldError[],
    editing?: string,
  ) {
    return reply.view('measures/views/council-measure.njk', {
      title: editing ? `Change ${editing}` : 'Add a measure',
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Measures', href: '/measures' },
      ],
      editing,
      values,
      errors,
      counts: COUNTS.map((c) => ({ value: c.key, text: c.label })),
      units: COUNCIL_MEASURE_UNITS.map((u) => ({ value: u, text: UNIT_LABELS[u] })),
    })
  }

  // Whether the figures a page waits for are ready: `?year=…[&quarter=…]` for the measures, `&code=…` for one measure's page.
  app.get('/measures/ready.json', { ...read, schema: { hide: true } }, async (request) => {
    const user = currentUser(request)
    const query = (request.query ?? {}) as Record<string, unknown>
    if (query.code === undefined) {
      const { period } = parsePeriod({ year: query.year, quarter: query.quarter }, today())
      return { ready: await figuresReady(database.db, user.councilId, [period]) }
    }
    const code = pathCode(String(query.code))
    const periods = measurePagePeriods(parseYear({ year: query.year }, today()), today())
    return {
      ready: await figuresReady(
        database.db,
        user.councilId,
        periods,
        await familyOfMeasure(database, user, code),
      ),
    }
  })

  app.get('/measures/:code', { ...read, schema: { hide: true } }, async (request, reply) => {
    const user = currentUser(request)
    const code = pathCode(params(request).code)
    const year = parseYear(request.query, today())
    const periods = measurePagePeriods(year, today())
    if (await inBackground(user.councilId, periods, await familyOfMeasure(database, user, code))) {
      background.start(`${user.councilId}|${code}|${year}|${today()}`, (signal) =>
        readMeasure(database, user, code, year, today(), signal),
      )
      const query = `year=${year}&code=${encodeURIComponent(code)}`
      return workingOutPage(reply, {
        title: `Your figures are being worked out: ${code}`,
        caption: code,
        periodsText: `each financial year and the rolling years to each quarter of ${year}`,
        selfUrl: `/measures/${encodeURIComponent(code)}?year=${year}`,
        readyQuery: query,
      })
    }
    const page = await readMeasure(database, user, code, year, today())
    const figureRow = (label: string, f: MeasureResult) => ({
      label,
      numerator: formatCount(f.numerator, f.unit, 'numerator', f.code),
      denominator: formatCount(f.denominator, f.unit, 'denominator', f.code),
      value: formatValue(f.value, f.unit),
      note: f.value === null && f.denominator === null ? f.note : undefined,
    })
    return reply.view('measures/views/measure.njk', {
      title: `${page.code}: ${page.title}`,
      breadcrumbs: [
        { text: 'Home', href: '/' },
        { text: 'Measures', href: `/measures?year=${year}` },
      ],
      page,
      headline: {
        ...figureRow(year, page.figures),
        value: headlineValue(page.figures.value, page.figures.unit),
      },
      breakdownBy: findMeasure(page.code)?.breakdownBy ?? { heading: 'By age', column: 'Age group' },
      breakdown: (page.figures.breakdown ?? []).map((b) =>
        figureRow(b.label, { ...page.figures, ...b, breakdown: undefined, note: undefined }),
      ),
      years: page.years.map((y) => ({
        ...figureRow(y.year, y.figures),
        href: `/measures/${encodeURIComponent(code)}?year=${y.year}`,
      })),
      quarters: page.quarters.map((q) => figureRow(q.period.label, q.figures)),
      yearChoices: yearChoices(today()),
      canManage: can(user.role, 'manageMeasures') && page.kind === 'council',
      flash: done(request),
    })
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/measures',
    {
      ...read,
      schema: {
        tags: ['measures'],
        summary:
          'Every measure for a financial year (?year=2024-25) or the rolling year to one of its quarter ends (&quarter=1 to 4), value unrounded',
        querystring: z.toJSONSchema(
          z.object({ year: z.string().optional(), quarter: z.string().optional() }),
        ),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const { year, quarter, period } = parsePeriod(request.query, today())
      const { results } = await readMeasures(database, user, period)
      return {
        year,
        ...(quarter ? { quarter } : {}),
        period: { label: period.label, start: period.start, end: period.end },
        measures: results.map(measureJson),
      }
    },
  )

  app.get(
    '/api/v1/measures/:code',
    {
      ...read,
      schema: {
        tags: ['measures'],
        summary:
          'A measure’s definition and figures: the year, each year, and rolling years to each quarter end',
        params: codeParams,
        querystring: yearQuerystring,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const code = pathCode(params(request).code)
      const page = await readMeasure(database, user, code, parseYear(request.query, today()), today())
      const period = (p: { start: string; end: string; label: string }) => ({
        label: p.label,
        start: p.start,
        end: p.end,
      })
      return {
        code: page.code,
        title: page.title,
        kind: page.kind,
        unit: page.unit,
        summary: page.summary,
        definition: page.definition,
        numerator: page.numeratorText,
        denominator: page.denominatorText,
        source: page.source ?? null,
        year: page.year,
        figures: measureJson(page.figures),
        years: page.years.map((y) => ({ period: period(y.period), ...measureJson(y.figures) })),
        quarters: page.quarters.map((q) => ({ period: period(q.period), ...measureJson(q.figures) })),
      }
    },
  )

  app.get(
    '/api/v1/population',
    { ...read, schema: { tags: ['measures'], summary: 'The council’s ONS mid-year populations' } },
    async (request) => {
      const user = currentUser(request)
      const populations = await listPopulations(database.db, user.councilId)
      return {
        populations: populations.map(({ year, aged18To64, aged65Plus }) => ({
          year,
          aged18To64,
          aged65Plus,
        })),
      }
    },
  )

  app.put(
    '/api/v1/population/:year',
    {
      ...manage,
      schema: {
        tags: ['measures'],
        summary: 'Set the council’s ONS mid-year population for a year (2024 = mid-2024, used for 2024-25)',
        params: z.toJSONSchema(z.object({ year: z.string() })),
        body: populationBody,
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const saved = await savePopulation(database, user, { ...body(request), year: params(request).year })
      return reply
        .code(saved.outcome === 'created' ? 201 : 200)
        .send({ year: saved.year, aged18To64: saved.aged18To64, aged65Plus: saved.aged65Plus })
    },
  )

  app.post(
    '/api/v1/measures/local',
    {
      ...manage,
      schema: {
        tags: ['measures'],
        summary: 'Add a measure of the council’s own',
        body: z.toJSONSchema(councilMeasureSchema, { io: 'input' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      return reply.code(201).send(await addCouncilMeasure(database, user, body(request)))
    },
  )

  app.put(
    '/api/v1/measures/local/:code',
    {
      ...manage,
      schema: { tags: ['measures'], summary: 'Change a measure of the council’s own', params: codeParams },
    },
    async (request) => {
      const user = currentUser(request)
      return changeCouncilMeasure(database, user, pathCode(params(request).code), body(request))
    },
  )

  app.delete(
    '/api/v1/measures/local/:code',
    {
      ...manage,
      schema: { tags: ['measures'], summary: 'Delete a measure of the council’s own', params: codeParams },
    },
    async (request, reply) => {
      const user = currentUser(request)
      await removeCouncilMeasure(database, user, pathCode(params(request).code))
      return reply.code(204).send()
    },
  )
}
