import { PassThrough, Writable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { notFound, Problem } from '../../kernel/problem.ts'
import { recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { writeCldExport } from './export.ts'
import { servicePace } from './export-pace.ts'
import { keptReturnChecks } from './kept-return-checks.ts'
import { pagesBusy } from './pages-busy.ts'
import { PROBLEM_REPORT_HEADER, problemReportLine } from './problem-report.ts'
import { type ReturnQuarter, returnQuarter, returnQuarters } from './return-quarters.ts'

const quarterParams = z.object({ quarter: z.string().max(20) })
const API_TAGS = ['cld']

/** What of a return a request reads, as the audit log names it. */
type ReturnPart = 'check' | 'file' | 'problems'

/**
 * The quarterly CLD return made from the records, on the web and through the
 * API, so that a council on the embedded database makes it without stopping
 * the service for `ascend export cld`: choose a quarter, check the return
 * (the national checks' findings by kind, kept while the records stand and
 * made in the background: kept-return-checks.ts), download the file and its
 * problem report. The file is made afresh on each download, as the command
 * makes it.
 *
 * @example
 * await app.register(cldReturnRoutes, services)
 */
export async function cldReturnRoutes(app: FastifyInstance, services: AppServices) {
  const db = services.database.db
  const today = () => isoDay(services.now())
  const waitMs = services.returnCheckWaitMs ?? 2_000
  // A return gives way to pages being asked for, as an import does.
  const pace = servicePace(pagesBusy(app))
  const checks = keptReturnChecks(
    db,
    (error) => app.log.error({ err: { type: (error as Error).name } }, 'CLD return check failed'),
    pace,
  )
  app.addHook('onClose', () => checks.close())

  const councilOf = (user: CurrentUser) => ({ id: user.councilId, code: user.councilCode })

  /** The quarter in the address, or 404: a quarter not yet begun has no return. */
  const quarterOf = (request: FastifyRequest): ReturnQuarter => {
    const params = quarterParams.safeParse(request.params)
    const quarter = params.success ? returnQuarter(params.data.quarter, today()) : undefined
    if (!quarter) throw notFound('CLD return')
    return quarter
  }

  const audit = (user: CurrentUser, quarter: ReturnQuarter, part: ReturnPart, channel: 'web' | 'api') =>
    recordAudit(db, {
      councilId: user.councilId,
      userId: user.id,
      action: 'read',
      recordType: 'cld_return',
      detail: { quarter: quarter.label, part, channel },
    })

  const fileName = (user: CurrentUser, quarter: ReturnQuarter, part: 'file' | 'problems') =>
    `${user.councilCode}-CLD-${quarter.label}${part === 'problems' ? '-problems' : ''}.csv`

  /**
   * Streams the return's file, or its problem report, as it is made. The
   * report's rows come from the export's checks while the file itself is
   * thrown away; the throwaway sink finishes each page only once the report
   * has room, so a slow reader holds the export back rather than the report
   * growing in memory.
   */
  const sendCsv = async (
    request: FastifyRequest,
    reply: FastifyReply,
    part: 'file' | 'problems',
    channel: 'web' | 'api',
  ) => {
    const user = currentUser(request)
    const quarter = quarterOf(request)
    await audit(user, quarter, part, channel)
    const body = new PassThrough()
    let out: Writable = body
    let onProblem: Parameters<typeof writeCldExport>[0]['onProblem']
    if (part === 'problems') {
      body.write(PROBLEM_REPORT_HEADER)
      onProblem = (p) => body.write(problemReportLine(p))
      out = new Writable({
        write(_chunk, _encoding, done) {
          if (body.writableNeedDrain) body.once('drain', () => done())
          else done()
        },
      })
    }
    writeCldExport({ db, council: councilOf(user), quarter, out, onProblem, pace }).then(
      () => body.end(),
      (error: Error) => {
        request.log.error({ err: { type: error.name } }, 'CLD return failed')
        body.destroy(error)
      },
    )
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(user, quarter, part)}"`)
      .send(body)
  }

  // ── Pages ────────────────────────────────────────────────────────────────

  app.get(
    '/cld/returns',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request, reply) => {
      const quarters = returnQuarters(today())
      const asked = (request.query as Record<string, unknown> | undefined)?.quarter
      if (asked !== undefined) {
        const quarter = typeof asked === 'string' ? returnQuarter(asked, today()) : undefined
        if (quarter) return reply.redirect(`/cld/returns/${quarter.label}`, 303)
      }
      return reply.code(asked === undefined ? 200 : 422).view('cld/views/returns.njk', {
        title: 'Make a CLD return',
        breadcrumbs: [{ text: 'CLD returns', href: '/cld/imports' }],
        quarters,
        chosen: quarters.find((q) => q.ended)?.label,
        errors:
          asked === undefined
            ? undefined
            : [{ field: 'quarter', message: 'Select the quarter to make the return for' }],
      })
    },
  )

  app.get(
    '/cld/returns/:quarter',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const quarter = quarterOf(request)
      const { kept, fresh } = await checks.current(councilOf(user), quarter, waitMs)
      if (kept) await audit(user, quarter, 'check', 'web')
      return reply.view('cld/views/return.njk', {
        title: `CLD return for ${quarter.name}`,
        breadcrumbs: [
          { text: 'CLD returns', href: '/cld/imports' },
          { text: 'Make a CLD return', href: '/cld/returns' },
        ],
        quarter,
        check: kept?.check,
        checkedAt: kept?.checkedAt,
        fresh,
        selfUrl: `/cld/returns/${quarter.label}`,
        readyUrl: `/cld/returns/${quarter.label}/ready.json`,
        fileUrl: `/cld/returns/${quarter.label}/file.csv`,
        problemsUrl: `/cld/returns/${quarter.label}/problems.csv`,
      })
    },
  )

  app.get(
    '/cld/returns/:quarter/ready.json',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request) => ({ ready: await checks.ready(councilOf(currentUser(request)), quarterOf(request)) }),
  )

  app.get(
    '/cld/returns/:quarter/file.csv',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    (request, reply) => sendCsv(request, reply, 'file', 'web'),
  )

  app.get(
    '/cld/returns/:quarter/problems.csv',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    (request, reply) => sendCsv(request, reply, 'problems', 'web'),
  )

  // ── The API ──────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/cld/returns/:quarter',
    {
      preHandler: allow('cldReturn'),
      schema: {
        tags: API_TAGS,
        summary:
          "Check the council's CLD return for a quarter (as 2025-26-Q2): its rows and what the national checks find, by kind",
        params: z.toJSONSchema(quarterParams),
      },
    },
    async (request) => {
      const user = currentUser(request)
      const quarter = quarterOf(request)
      const { kept } = await checks.current(councilOf(user), quarter)
      if (!kept)
        throw new Problem(500, 'The return could not be checked', 'The check failed: try again later.')
      const { check, checkedAt } = kept
      await audit(user, quarter, 'check', 'api')
      return {
        quarter: quarter.label,
        periodStart: quarter.periodStartOn,
        periodEnd: quarter.periodEndOn,
        quarterEnded: quarter.ended,
        checkedAt: checkedAt.toISOString(),
        rows: check.rowsWritten,
        people: check.people,
        rowsWithProblems: check.rowsWithProblems,
        rowsLeftOut: check.rowsLeftOut,
        problems: check.problems,
        problemKinds: check.kinds,
        file: `/api/v1/cld/returns/${quarter.label}/file.csv`,
        problemReport: `/api/v1/cld/returns/${quarter.label}/problems.csv`,
      }
    },
  )

  app.get(
    '/api/v1/cld/returns/:quarter/file.csv',
    {
      preHandler: allow('cldReturn'),
      schema: {
        tags: API_TAGS,
        summary: "The council's CLD return for a quarter: the rolling twelve months' Release 2 file",
        params: z.toJSONSchema(quarterParams),
        produces: ['text/csv'],
      },
    },
    (request, reply) => sendCsv(request, reply, 'file', 'api'),
  )

  app.get(
    '/api/v1/cld/returns/:quarter/problems.csv',
    {
      preHandler: allow('cldReturn'),
      schema: {
        tags: API_TAGS,
        summary: "What the national checks find in the council's CLD return for a quarter, row by row",
        params: z.toJSONSchema(quarterParams),
        produces: ['text/csv'],
      },
    },
    (request, reply) => sendCsv(request, reply, 'problems', 'api'),
  )
}
