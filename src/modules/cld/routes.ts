import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { fileURLToPath } from 'node:url'
import multipart, { type MultipartFile } from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { madeAtFirstUse } from '../../kernel/made-at-first-use.ts'
import { conflict, notFound, Problem, ValidationProblem } from '../../kernel/problem.ts'
import { blankToUndefined, fieldErrors } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { countDiedWithSupportOpen } from '../people/died-with-support-open.ts'
import { ImportJobs } from './import-jobs.ts'
import { pagesBusy } from './pages-busy.ts'
import { PROBLEM_REPORT_HEADER, problemReportLine } from './problem-report.ts'
import {
  allProblems,
  createImport,
  getImport,
  ImportAlreadyRunningError,
  listImports,
  listProblems,
} from './store.ts'

/** The largest CLD file taken: a national file of millions of rows is a few gigabytes. */
const MAX_FILE_BYTES = 8 * 1024 ** 3
const PROBLEMS_PER_PAGE = 50
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const PROGRESS_SCRIPT = fileURLToPath(new URL('./browser/import-progress.js', import.meta.url))

interface Upload {
  path: string
  fileName: string
  bytes: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Files this request wrote to disk, deleted after the response unless an import took them. */
    cldTempFiles?: string[]
  }
}

const tempPath = () => path.join(os.tmpdir(), `ascend-cld-${randomBytes(12).toString('hex')}.csv`)

const pageQuery = z.object({
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(1_000_000).default(1)),
})
const apiUploadQuery = z.object({
  fileName: z.preprocess(blankToUndefined, z.string().max(255).optional()),
})

/**
 * CLD returns: import a council's CLD file (pages with upload progress, the
 * API, both running the import in the background while pages go on being
 * served), follow it, and read its problem report on a page or as CSV.
 *
 * @example
 * await app.register(cldRoutes, services)
 */
export async function cldRoutes(app: FastifyInstance, { database }: AppServices) {
  const db = database.db
  // Imports give way to pages being asked for.
  const jobs = new ImportJobs(db, pagesBusy(app))

  // At start-up, clear what a crashed or stopped process left; on close, stop what runs here.
  app.addHook('onReady', async () => {
    await jobs.recover()
  })
  app.addHook('onClose', async () => {
    await jobs.close()
  })

  // Uploads go to a temporary file as they arrive (never into memory); the
  // form's other fields (the CSRF token) come through as ordinary values.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, parts: 6 },
    async onFile(this: FastifyRequest, part: MultipartFile) {
      if (part.fieldname !== 'file') {
        part.file.resume()
        return
      }
      const target = tempPath()
      this.cldTempFiles = [...(this.cldTempFiles ?? []), target]
      let bytes = 0
      part.file.on('data', (chunk: Buffer) => {
        bytes += chunk.length
      })
      await pipeline(part.file, fs.createWriteStream(target))
      if (part.file.truncated)
        throw new Problem(413, 'The file is too large', 'A CLD file can be up to 8 GB.')
      ;(part as unknown as { value: Upload }).value = { path: target, fileName: part.filename, bytes }
    },
  })
  // The API takes the file itself as the body, streamed to disk by the handler.
  app.addContentTypeParser(['text/csv', 'application/csv'], (_request, payload, done) => done(null, payload))
  app.addHook('onResponse', async (request) => {
    for (const file of request.cldTempFiles ?? []) await fs.promises.rm(file, { force: true })
  })

  const councilOf = (user: CurrentUser) => ({
    id: user.councilId,
    code: user.councilCode,
    synthetic: user.councilSynthetic,
  })

  /** Starts an import of a file already on disk; the import deletes the file when it ends. */
  const startImport = async (
    request: FastifyRequest,
    user: CurrentUser,
    upload: Upload,
    channel: 'web' | 'api',
  ): Promise<string> => {
    await jobs.recover()
    const importId = await createImport(db, {
      councilId: user.councilId,
      fileName: upload.fileName,
      channel,
      createdBy: user.id,
      bytesTotal: upload.bytes,
    })
    request.cldTempFiles = (request.cldTempFiles ?? []).filter((file) => file !== upload.path)
    await recordAudit(db, {
      councilId: user.councilId,
      userId: user.id,
      action: 'create',
      recordType: 'cld_import',
      recordId: importId,
      detail: { channel, bytes: upload.bytes },
    })
    jobs.start({ importId, council: councilOf(user), filePath: upload.path }).then(
      (outcome) => {
        if (outcome.status === 'complete') app.councilData.imported(user.councilId)
      },
      (error) => {
        request.log.error({ err: { type: (error as Error).name } }, 'CLD import job failed')
      },
    )
    return importId
  }

  const renderImports = async (
    reply: FastifyReply,
    user: CurrentUser,
    extra: Record<string, unknown> = {},
  ) => {
    const imports = await listImports(db, user.councilId)
    return reply.view('cld/views/imports.njk', {
      title: 'CLD returns',
      imports: imports.map((row) => importSummary(row)),
      ...extra,
    })
  }

  app.get(
    '/cld/imports',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      await jobs.recover()
      return renderImports(reply, user)
    },
  )

  app.post(
    '/cld/imports',
    { onRequest: allow('cldReturn'), preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const body = (request.body ?? {}) as { file?: Upload | string }
      // A browser sends an empty part with no file name when no file was chosen.
      const upload = typeof body.file === 'object' && body.file.fileName !== '' ? body.file : undefined
      const fileError = !upload
        ? 'Select a CLD file'
        : upload.bytes === 0
          ? 'The selected file is empty'
          : !/\.(csv|txt)$/i.test(upload.fileName)
            ? 'The selected file must be a CSV file'
            : undefined
      if (fileError || !upload) {
        return renderImports(reply.code(422), user, { errors: [{ field: 'file', message: fileError }] })
      }
      try {
        const importId = await startImport(request, user, upload, 'web')
        return reply.redirect(`/cld/imports/${importId}`, 303)
      } catch (error) {
        if (!(error instanceof ImportAlreadyRunningError)) throw error
        return renderImports(reply.code(409), user, { errors: [{ field: 'file', message: error.message }] })
      }
    },
  )

  app.get(
    '/cld/imports/progress.js',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (_request, reply) => {
      return reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'max-age=3600')
        .send(fs.createReadStream(PROGRESS_SCRIPT))
    },
  )

  app.get(
    '/cld/imports/:id',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request, reply) => {
      const user = currentUser(request)
      const found = await findImport(request, user)
      const parsed = pageQuery.safeParse(request.query ?? {})
      const page = parsed.success ? parsed.data.page : 1
      const finished = found.status !== 'loading'
      const problems = finished
        ? await listProblems(db, found.id, page, PROBLEMS_PER_PAGE)
        : { rows: [], hasNext: false }
      if (finished && found.problems > 0) {
        await recordAudit(db, {
          councilId: user.councilId,
          userId: user.id,
          action: 'read',
          recordType: 'cld_import',
          recordId: found.id,
          detail: { problemsPage: page },
        })
      }
      const pageUrl = (n: number) => `/cld/imports/${found.id}?page=${n}`
      return reply.view('cld/views/import.njk', {
        title: `CLD import: ${found.file_name}`,
        breadcrumbs: [{ text: 'CLD returns', href: '/cld/imports' }],
        item: importSummary(found),
        // A death the file brought ends nothing ASCEND itself holds: say so, for case workers to end it.
        diedWithSupportOpen:
          found.status === 'complete' ? await countDiedWithSupportOpen(database.db, user.councilId) : 0,
        problems: problems.rows,
        page,
        firstProblem: (page - 1) * PROBLEMS_PER_PAGE + 1,
        previous: page > 1 ? { href: pageUrl(page - 1) } : undefined,
        next: problems.hasNext ? { href: pageUrl(page + 1) } : undefined,
      })
    },
  )

  app.get(
    '/cld/imports/:id/status.json',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    async (request) => {
      const found = await findImport(request, currentUser(request))
      return importJson(found)
    },
  )

  const sendProblemsCsv = async (request: FastifyRequest, reply: FastifyReply) => {
    const user = currentUser(request)
    const found = await findImport(request, user)
    if (found.status === 'loading')
      throw conflict('The import is still loading: its problem report is ready when it ends.')
    await recordAudit(db, {
      councilId: user.councilId,
      userId: user.id,
      action: 'read',
      recordType: 'cld_import',
      recordId: found.id,
      detail: { problemReport: 'csv' },
    })
    const importId = found.id
    async function* lines() {
      yield PROBLEM_REPORT_HEADER
      for await (const page of allProblems(db, importId)) {
        yield page.map(problemReportLine).join('')
      }
    }
    const name = `${found.file_name.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'cld'}-problems.csv`
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(Readable.from(lines()))
  }

  app.get(
    '/cld/imports/:id/problems.csv',
    { preHandler: allow('cldReturn'), schema: { hide: true } },
    sendProblemsCsv,
  )

  // The API.
  app.get(
    '/api/v1/cld/imports',
    {
      preHandler: allow('cldReturn'),
      schema: { tags: ['cld'], summary: "The council's CLD imports, newest first" },
    },
    async (request) => {
      const user = currentUser(request)
      await jobs.recover()
      return { imports: (await listImports(db, user.councilId)).map(importJson) }
    },
  )

  app.post(
    '/api/v1/cld/imports',
    {
      preHandler: allow('cldReturn'),
      schema: {
        tags: ['cld'],
        summary:
          'Import a CLD file (Release 1 or 2): send it as the text/csv body; answers 202 and the import to follow',
        consumes: ['text/csv'],
        querystring: z.toJSONSchema(apiUploadQuery),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const query = apiUploadQuery.safeParse(request.query ?? {})
      if (!query.success) throw new ValidationProblem(fieldErrors(query.error))
      const body = request.body
      if (!(body instanceof Readable)) {
        throw new Problem(
          415,
          'Send a CSV file',
          'Send the CLD file as the request body with Content-Type: text/csv.',
        )
      }
      const target = tempPath()
      request.cldTempFiles = [...(request.cldTempFiles ?? []), target]
      let bytes = 0
      const tooLarge = new Problem(413, 'The file is too large', 'A CLD file can be up to 8 GB.')
      await pipeline(
        body,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            bytes += chunk.length
            if (bytes > MAX_FILE_BYTES) throw tooLarge
            yield chunk
          }
        },
        fs.createWriteStream(target),
      )
      if (bytes === 0) {
        throw new ValidationProblem([
          { field: 'body', message: 'The file is empty: send the CLD file as the body' },
        ])
      }
      try {
        const importId = await startImport(
          request,
          user,
          { path: target, fileName: query.data.fileName ?? 'cld.csv', bytes },
          'api',
        )
        const created = await getImport(db, user.councilId, importId)
        return reply
          .code(202)
          .header('location', `/api/v1/cld/imports/${importId}`)
          .send(importJson(created as ImportRow))
      } catch (error) {
        if (error instanceof ImportAlreadyRunningError) throw conflict(error.message)
        throw error
      }
    },
  )

  app.get(
    '/api/v1/cld/imports/:id',
    {
      preHandler: allow('cldReturn'),
      schema: { tags: ['cld'], summary: 'One CLD import: its status, progress and summary' },
    },
    async (request) => importJson(await findImport(request, currentUser(request))),
  )

  app.get(
    '/api/v1/cld/imports/:id/problems.csv',
    {
      preHandler: allow('cldReturn'),
      schema: {
        tags: ['cld'],
        summary: 'A CLD import’s problem report as CSV: line, field, value, problem, action',
        produces: ['text/csv'],
      },
    },
    sendProblemsCsv,
  )

  async function findImport(request: FastifyRequest, user: CurrentUser): Promise<ImportRow> {
    const { id } = request.params as { id: string }
    const found = UUID.test(id) ? await getImport(db, user.councilId, id) : undefined
    if (!found) throw notFound('CLD import')
    return found
  }
}

type ImportRow = NonNullable<Awaited<ReturnType<typeof getImport>>>

const percent = (row: ImportRow) =>
  row.status === 'complete'
    ? 100
    : row.bytes_total && row.bytes_total > 0
      ? Math.min(99, Math.floor((Number(row.bytes_read) / Number(row.bytes_total)) * 100))
      : 0

const number = madeAtFirstUse(() => new Intl.NumberFormat('en-GB'))

/** What the pages show of an import: its row, how far it has got, and its counts as people read them. */
function importSummary(row: ImportRow) {
  const shown = (value: number | string | null) => number().format(Number(value ?? 0))
  return {
    ...row,
    percent: percent(row),
    shown: {
      rowsRead: shown(row.rows_read),
      rowsLoaded: shown(row.rows_loaded),
      rowsUnchanged: shown(row.rows_unchanged),
      rowsWithProblems: shown(row.rows_with_problems),
      rowsDropped: shown(row.rows_dropped),
      problems: shown(row.problems),
      peopleCreated: shown(row.people_created),
      eventsSuperseded: shown(row.events_superseded),
    },
  }
}

/** An import as the API gives it (camelCase). */
function importJson(row: ImportRow) {
  return {
    id: row.id,
    fileName: row.file_name,
    status: row.status,
    channel: row.channel,
    createdBy: row.created_by_name ?? null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    /** Person details from the file are applied just after an import completes. */
    personDetailsApplied: row.people_applied_at !== null,
    percentRead: percent(row),
    bytesTotal: row.bytes_total === null ? null : Number(row.bytes_total),
    bytesRead: Number(row.bytes_read),
    rowsRead: row.rows_read,
    rowsLoaded: row.rows_loaded,
    rowsUnchanged: row.rows_unchanged,
    rowsWithProblems: row.rows_with_problems,
    rowsDropped: row.rows_dropped,
    problems: row.problems,
    peopleCreated: row.people_created,
    eventsSuperseded: row.events_superseded,
    reportingPeriodStartOn: row.reporting_period_start_on,
    reportingPeriodEndOn: row.reporting_period_end_on,
    error: row.error,
    links: {
      self: `/api/v1/cld/imports/${row.id}`,
      problems: `/api/v1/cld/imports/${row.id}/problems.csv`,
      page: `/cld/imports/${row.id}`,
    },
  }
}
