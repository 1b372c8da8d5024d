import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { allow, currentUser } from '../../app/guards.ts'
import type { AppServices } from '../../app/services.ts'
import { isoDay } from '../../kernel/dates.ts'
import { type FieldError, notFound, ValidationProblem } from '../../kernel/problem.ts'
import type { CurrentUser } from '../identity/store.ts'
import {
  benchmarkYears,
  CONTEXT_VARIABLES,
  type Comparison,
  choosePeerGroup,
  comparisonJson,
  councilOf,
  exportPack,
  importPack,
  listPacks,
  parseBenchmarkYear,
  readComparison,
  readComparisons,
  readEnteredContext,
  readPeerGroupView,
  recordPackExport,
  removePack,
  saveContext,
  storedPackJson,
} from './actions.ts'
import { BUILT_IN_MEASURES } from './council-measures.ts'
import { formatCount, formatValue, ordinal } from './format-figures.ts'
import { CONTEXT_LABELS, packFileName, packSchema, packToCsv } from './pack-format.ts'
import { barChart, spreadChart } from './svg-charts.ts'

const DONE_MESSAGES: Record<string, string> = {
  imported: 'Pack imported.',
  replaced: 'Pack imported. It replaces the pack you held from the same council for the same year.',
  removed: 'Pack removed.',
  'peer-group': 'Peer group saved. Comparisons use it from now on.',
  context: 'Context figures saved. Your next pack carries them.',
}

const CODE = /^[A-Z0-9][A-Z0-9+-]{1,39}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Packs are small: a few hundred measures at most. */
const MAX_PACK_BYTES = 2 * 1024 * 1024

const pathCode = (value: string | undefined) => {
  if (!value || !CODE.test(value)) throw notFound('Measure')
  return value
}

const yearQuerystring = z.toJSONSchema(z.object({ year: z.string().optional() }))

/** The rows of a measure's comparison, the council first, then peers by value, highest first. */
function comparisonRows(comparison: Comparison, council: { code: string; name: string }) {
  const own = {
    code: council.code,
    name: council.name,
    numerator: comparison.own?.numerator ?? null,
    denominator: comparison.own?.denominator ?? null,
    value: comparison.own?.value ?? null,
    highlight: true,
    missing: comparison.own ? null : 'not worked out',
  }
  const peers = comparison.peers.map((p) => ({ ...p, highlight: false }))
  return [own, ...peers].sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1
    return b.value - a.value
  })
}

const MISSING_TEXT: Record<string, string> = {
  suppressed: 'Suppressed',
  'not in pack': 'Not in their pack',
  'not worked out': 'Not worked out',
}

/** Benchmarking: packs out and in, peer groups, comparisons and spreads: pages and API. */
export async function benchmarkingRoutes(app: FastifyInstance, services: AppServices) {
  const { database } = services
  const today = () => isoDay(services.now())
  const guard = { preHandler: allow('benchmarking') }
  const page = { ...guard, schema: { hide: true } }
  const params = (request: FastifyRequest) => request.params as Record<string, string>
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>
  const done = (request: FastifyRequest) =>
    DONE_MESSAGES[String((request.query as { done?: unknown }).done ?? '')]
  const crumbs = (...more: { text: string; href: string }[]) => [
    { text: 'Home', href: '/' },
    { text: 'Benchmarking', href: '/benchmarking' },
    ...more,
  ]

  // A pack is uploaded as a file; the form's CSRF token comes with it as an ordinary field.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_PACK_BYTES, files: 1, fields: 5, parts: 6 },
  })
  // The API also takes the CSV form of a pack as the body.
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: MAX_PACK_BYTES },
    (_r, text, next) => next(null, text),
  )

  // ── Pages ────────────────────────────────────────────────────────────────

  const indexPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    year: string,
    extra: { errors?: FieldError[]; flash?: string } = {},
  ) => {
    const packs = await listPacks(database.db, user.councilId)
    const view = await readPeerGroupView(database, user, services.now())
    return reply.view('benchmarking/views/index.njk', {
      title: 'Benchmarking',
      breadcrumbs: [{ text: 'Home', href: '/' }],
      year,
      years: benchmarkYears(today(), packs),
      packs: packs.map((p) => ({ ...p, inGroup: view.group?.peerCodes.includes(p.peerCode) ?? false })),
      group: view.group,
      measures: BUILT_IN_MEASURES,
      ...extra,
    })
  }

  app.get('/benchmarking', page, async (request, reply) => {
    const user = currentUser(request)
    try {
      return await indexPage(reply, user, parseBenchmarkYear(request.query, today()), {
        flash: done(request),
      })
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return indexPage(reply.code(422), user, parseBenchmarkYear({}, today()), { errors: error.errors })
    }
  })

  app.post('/benchmarking/packs', page, async (request, reply) => {
    const user = currentUser(request)
    const file = body(request).pack
    try {
      if (!Buffer.isBuffer(file) || file.length === 0) {
        throw new ValidationProblem([
          { field: 'pack', message: 'Choose a benchmark pack file (.json or .csv) to import' },
        ])
      }
      const { pack, replaced } = await importPack(
        database,
        { councilId: user.councilId, councilCode: user.councilCode, userId: user.id },
        file.toString('utf8'),
        'web',
      )
      return reply.redirect(`/benchmarking?year=${pack.year}&done=${replaced ? 'replaced' : 'imported'}`, 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      // Every problem belongs to the file: the summary links to the file input.
      const errors = error.errors.slice(0, 10).map((e) => ({ field: 'pack', message: e.message }))
      return indexPage(reply.code(422), user, parseBenchmarkYear({}, today()), { errors })
    }
  })

  app.post('/benchmarking/packs/:id/remove', page, async (request, reply) => {
    const user = currentUser(request)
    const id = params(request).id ?? ''
    if (!UUID.test(id)) throw notFound('Benchmark pack')
    const removed = await removePack(database, user, id)
    return reply.redirect(`/benchmarking?year=${removed.year}&done=removed`, 303)
  })

  app.get('/benchmarking/export', page, async (request, reply) => {
    const user = currentUser(request)
    const year = parseBenchmarkYear(request.query, today())
    const format = (request.query as { format?: unknown }).format === 'csv' ? 'csv' : 'json'
    const pack = await exportPack(database, councilOf(user), year, services.now())
    await recordPackExport(database, { councilId: user.councilId, userId: user.id }, pack, format, 'web')
    reply.header('content-disposition', `attachment; filename="${packFileName(pack, format)}"`)
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(packToCsv(pack))
    return reply.type('application/json; charset=utf-8').send(`${JSON.stringify(pack, null, 2)}\n`)
  })

  const peerGroupPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    extra: { errors?: FieldError[]; values?: Record<string, unknown>; flash?: string } = {},
  ) => {
    const [packs, view] = await Promise.all([
      listPacks(database.db, user.councilId),
      readPeerGroupView(database, user, services.now()),
    ])
    const councils = [
      ...new Map(packs.map((p) => [p.peerCode, { code: p.peerCode, name: p.peerName }])).values(),
    ]
    const group = view.group
    const values = extra.values ?? {
      method: group?.method ?? 'nearest',
      peers: group?.peerCodes ?? [],
      k: String(group?.method === 'nearest' ? group.peerCodes.length : 5),
      variables: group?.variables.length
        ? group.variables
        : ['population18to64', 'population65plus', 'peopleInLongTermSupport'],
      year: group?.year ?? parseBenchmarkYear({}, today()),
    }
    const chosen = new Set(([] as unknown[]).concat(values.peers ?? []).map(String))
    const variables = new Set(([] as unknown[]).concat(values.variables ?? []).map(String))
    return reply.view('benchmarking/views/peer-group.njk', {
      title: 'Choose your peer group',
      breadcrumbs: crumbs(),
      group,
      groupNames: group?.peerCodes.map((code) => councils.find((c) => c.code === code)?.name ?? code) ?? [],
      neighbours: view.neighbours,
      neighbourRows: view.neighbours?.ranked.map((n) => ({
        ...n,
        inGroup: group?.peerCodes.includes(n.code) ?? false,
      })),
      councils: councils.map((c) => ({ ...c, checked: chosen.has(c.code) })),
      variableItems: CONTEXT_VARIABLES.map((v) => ({
        value: v,
        text: CONTEXT_LABELS[v],
        checked: variables.has(v),
      })),
      contextLabels: CONTEXT_LABELS,
      years: benchmarkYears(today(), packs),
      values,
      errors: extra.errors,
      flash: extra.flash,
    })
  }

  app.get('/benchmarking/peer-group', page, async (request, reply) =>
    peerGroupPage(reply, currentUser(request), { flash: done(request) }),
  )

  app.post('/benchmarking/peer-group', page, async (request, reply) => {
    const user = currentUser(request)
    try {
      await choosePeerGroup(database, user, body(request), today(), services.now())
      return reply.redirect('/benchmarking/peer-group?done=peer-group', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return peerGroupPage(reply.code(422), user, { errors: error.errors, values: body(request) })
    }
  })

  app.get('/benchmarking/measures/:code', page, async (request, reply) => {
    const user = currentUser(request)
    const code = pathCode(params(request).code)
    const year = parseBenchmarkYear(request.query, today())
    const comparison = await readComparison(database, user, code, year)
    const rows = comparisonRows(comparison, { code: user.councilCode, name: user.councilName })
    const median = comparison.position.peerMedian
    const chart = barChart({
      id: 'measure-chart',
      title: `${comparison.title}, ${year}: your council and its peers`,
      description: `A bar for each council, highest first; ${user.councilName}’s bar is blue and marked “(you)”. ${
        median !== null
          ? `The dashed line is the peers’ median, ${formatValue(comparison.unit, median)}.`
          : ''
      } The same figures are in the table.`,
      unit: comparison.unit,
      rows: rows.map((r) => ({
        label: r.name,
        value: r.value,
        highlight: r.highlight,
        missing: MISSING_TEXT[r.missing ?? ''] ?? 'No value',
      })),
      reference: median !== null ? { value: median, label: 'Peer median' } : undefined,
    })
    const packs = await listPacks(database.db, user.councilId)
    return reply.view('benchmarking/views/measure.njk', {
      title: `${comparison.title}: compared with peers`,
      breadcrumbs: crumbs(),
      comparison,
      year,
      years: benchmarkYears(today(), packs),
      measures: BUILT_IN_MEASURES,
      chart,
      rows: rows.map((r) => ({
        ...r,
        numeratorText: formatCount(r.numerator, r.missing === 'suppressed' ? 'Suppressed' : '—'),
        denominatorText: formatCount(r.denominator, r.missing === 'suppressed' ? 'Suppressed' : '—'),
        valueText:
          r.value === null
            ? (MISSING_TEXT[r.missing ?? ''] ?? 'No value')
            : formatValue(comparison.unit, r.value),
      })),
      positionText:
        comparison.position.rank !== null
          ? `Your council is ${ordinal(comparison.position.rank)} highest of ${comparison.position.of}`
          : 'Your council has no value for this measure',
      medianText: median !== null ? formatValue(comparison.unit, median) : null,
    })
  })

  app.get('/benchmarking/spread', page, async (request, reply) => {
    const user = currentUser(request)
    const year = parseBenchmarkYear(request.query, today())
    const result = await readComparisons(database, user.councilId, year)
    const shown = result.comparisons.filter((c) => c.spread !== null)
    const chart = spreadChart({
      id: 'spread-chart',
      title: `How far apart councils are, ${year}`,
      description: `One line per measure from the lowest council’s value to the highest’s. Grey dots are peers; the blue diamond is ${user.councilName}. The same figures are in the table.`,
      rows: shown.map((c) => ({
        label: c.title,
        unit: c.unit,
        points: [
          { label: user.councilName, value: c.own?.value ?? null, highlight: true },
          ...c.peers.map((p) => ({ label: p.name, value: p.value })),
        ],
      })),
    })
    const packs = await listPacks(database.db, user.councilId)
    return reply.view('benchmarking/views/spread.njk', {
      title: `Spread between councils, ${year}`,
      breadcrumbs: crumbs(),
      year,
      years: benchmarkYears(today(), packs),
      peers: result.peers,
      peersWithoutPack: result.peersWithoutPack,
      usingPeerGroup: result.usingPeerGroup,
      chart,
      rows: result.comparisons.map((c) => ({
        code: c.code,
        title: c.title,
        href: `/benchmarking/measures/${encodeURIComponent(c.code)}?year=${year}`,
        own: formatValue(c.unit, c.own?.value ?? null),
        min: c.spread ? formatValue(c.unit, c.spread.min) : '—',
        lowerQuartile: c.spread ? formatValue(c.unit, c.spread.lowerQuartile) : '—',
        median: c.spread ? formatValue(c.unit, c.spread.median) : '—',
        upperQuartile: c.spread ? formatValue(c.unit, c.spread.upperQuartile) : '—',
        max: c.spread ? formatValue(c.unit, c.spread.max) : '—',
        count: c.spread?.count ?? 0,
        rank: c.position.rank !== null ? `${ordinal(c.position.rank)} of ${c.position.of}` : '—',
      })),
    })
  })

  const contextPage = async (
    reply: FastifyReply,
    user: CurrentUser,
    extra: { errors?: FieldError[]; values?: Record<string, unknown>; flash?: string } = {},
  ) => {
    const saved = await readEnteredContext(database.db, user.councilId)
    return reply.view('benchmarking/views/context.njk', {
      title: 'Context figures for finding peers',
      breadcrumbs: crumbs(),
      values: extra.values ?? {
        deprivationScore: saved.deprivationScore ?? '',
        ruralPercent: saved.ruralPercent ?? '',
      },
      errors: extra.errors,
      flash: extra.flash,
    })
  }

  app.get('/benchmarking/context', page, async (request, reply) =>
    contextPage(reply, currentUser(request), { flash: done(request) }),
  )

  app.post('/benchmarking/context', page, async (request, reply) => {
    const user = currentUser(request)
    try {
      await saveContext(database, user, body(request))
      return reply.redirect('/benchmarking/context?done=context', 303)
    } catch (error) {
      if (!(error instanceof ValidationProblem)) throw error
      return contextPage(reply.code(422), user, { errors: error.errors, values: body(request) })
    }
  })

  // ── API ──────────────────────────────────────────────────────────────────

  app.get(
    '/api/v1/benchmark-packs',
    {
      ...guard,
      schema: { tags: ['benchmarking'], summary: 'The peers’ benchmark packs the council has imported' },
    },
    async (request) => {
      const packs = await listPacks(database.db, currentUser(request).councilId)
      return { packs: packs.map(storedPackJson) }
    },
  )

  app.post(
    '/api/v1/benchmark-packs',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary: 'Import a peer’s benchmark pack: its JSON as the body, or its CSV form as text/csv',
        description:
          'A pack of another format version is refused with a message saying so. A pack from the same council and year as one held replaces it.',
        body: z.toJSONSchema(packSchema, { io: 'input', unrepresentable: 'any' }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const saved = await importPack(
        database,
        { councilId: user.councilId, councilCode: user.councilCode, userId: user.id },
        request.body,
        'api',
      )
      return reply.code(201).send({
        id: saved.id,
        replaced: saved.replaced,
        council: saved.pack.council,
        year: saved.pack.year,
        measures: saved.pack.measures.length,
      })
    },
  )

  app.delete(
    '/api/v1/benchmark-packs/:id',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary: 'Remove an imported pack',
        params: z.toJSONSchema(z.object({ id: z.uuid() })),
      },
    },
    async (request, reply) => {
      const id = params(request).id ?? ''
      if (!UUID.test(id)) throw notFound('Benchmark pack')
      await removePack(database, currentUser(request), id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/benchmark-packs/own',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary:
          'The council’s own benchmark pack for a year (?year=2024-25, default the latest complete), JSON or ?format=csv',
        querystring: z.toJSONSchema(
          z.object({ year: z.string().optional(), format: z.enum(['json', 'csv']).optional() }),
        ),
      },
    },
    async (request, reply) => {
      const user = currentUser(request)
      const pack = await exportPack(
        database,
        councilOf(user),
        parseBenchmarkYear(request.query, today()),
        services.now(),
      )
      const format = (request.query as { format?: unknown }).format === 'csv' ? 'csv' : 'json'
      await recordPackExport(database, { councilId: user.councilId, userId: user.id }, pack, format, 'api')
      if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(packToCsv(pack))
      return pack
    },
  )

  app.get(
    '/api/v1/benchmark-packs/schema',
    {
      ...guard,
      schema: { tags: ['benchmarking'], summary: 'The JSON Schema of a version 1 benchmark pack' },
    },
    async () => z.toJSONSchema(packSchema, { io: 'output', unrepresentable: 'any' }),
  )

  app.get(
    '/api/v1/benchmarking/peer-group',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary: 'The council’s peer group, with the nearest-neighbour working',
      },
    },
    async (request) => {
      const view = await readPeerGroupView(database, currentUser(request), services.now())
      return {
        peerGroup: view.group
          ? {
              method: view.group.method,
              peers: view.group.peerCodes,
              variables: view.group.variables,
              year: view.group.year,
              chosenAt: view.group.chosenAt.toISOString(),
              chosenBy: view.group.chosenByName,
            }
          : null,
        neighbours: view.neighbours ?? null,
      }
    },
  )

  app.put(
    '/api/v1/benchmarking/peer-group',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary:
          'Choose the peer group by hand ({method: "hand", peers}) or by nearest neighbours ({method: "nearest", k, variables, year})',
        body: z.toJSONSchema(
          z.object({
            method: z.enum(['hand', 'nearest']),
            peers: z.array(z.string()).optional(),
            k: z.number().int().min(1).max(30).optional(),
            variables: z.array(z.enum(CONTEXT_VARIABLES)).optional(),
            year: z.string().optional(),
          }),
        ),
      },
    },
    async (request) => {
      const { group, neighbours } = await choosePeerGroup(
        database,
        currentUser(request),
        request.body,
        today(),
        services.now(),
      )
      return { peerGroup: group, neighbours: neighbours ?? null }
    },
  )

  app.get(
    '/api/v1/benchmarking/measures/:code',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary:
          'One measure for the council and its peers in a year, with the council’s rank and the spread',
        params: z.toJSONSchema(z.object({ code: z.string() })),
        querystring: yearQuerystring,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const comparison = await readComparison(
        database,
        user,
        pathCode(params(request).code),
        parseBenchmarkYear(request.query, today()),
      )
      return comparisonJson(comparison)
    },
  )

  app.get(
    '/api/v1/benchmarking/spread',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary: 'Every measure for the council and its peers in a year, with the spread between councils',
        querystring: yearQuerystring,
      },
    },
    async (request) => {
      const user = currentUser(request)
      const result = await readComparisons(
        database,
        user.councilId,
        parseBenchmarkYear(request.query, today()),
      )
      return {
        year: result.year,
        peers: result.peers,
        peersWithoutPack: result.peersWithoutPack,
        measures: result.comparisons.map(comparisonJson),
      }
    },
  )

  app.get(
    '/api/v1/benchmarking/context',
    { ...guard, schema: { tags: ['benchmarking'], summary: 'The context figures the council has entered' } },
    async (request) => readEnteredContext(database.db, currentUser(request).councilId),
  )

  app.put(
    '/api/v1/benchmarking/context',
    {
      ...guard,
      schema: {
        tags: ['benchmarking'],
        summary: 'Enter the council’s average deprivation score and rural share (0 to 100; null clears)',
        body: z.toJSONSchema(
          z.object({
            deprivationScore: z.number().min(0).max(100).nullable().optional(),
            ruralPercent: z.number().min(0).max(100).nullable().optional(),
          }),
        ),
      },
    },
    async (request) => saveContext(database, currentUser(request), request.body),
  )
}
