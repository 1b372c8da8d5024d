/**
 * What the benchmarking pages, API and CLI do: export the council's pack,
 * import peers' packs, choose a peer group and read the comparisons. Changes
 * are validated, written in one transaction and audited.
 */
import fs from 'node:fs'
import { z } from 'zod'
import type { Database } from '../../kernel/db/connect.ts'
import { notFound, ValidationProblem } from '../../kernel/problem.ts'
import { blankToUndefined, parseInput } from '../../kernel/validation.ts'
import { recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import {
  BUILT_IN_MEASURES,
  FIRST_YEAR,
  isFinancialYear,
  latestCompleteYear,
  measuresForYear,
  yearChoices,
} from './council-measures.ts'
import { type ContextRow, type NeighbourResult, nearestNeighbours } from './nearest-neighbours.ts'
import { buildPack, type MeasureFigures } from './pack-builder.ts'
import {
  type BenchmarkPack,
  CONTEXT_VARIABLES,
  type ContextVariable,
  type PackMeasure,
  PackProblem,
  readPack,
  readPackText,
} from './pack-format.ts'
import { type PeerPosition, peerPosition, type Spread, spreadOf } from './peer-position.ts'
import {
  deletePack,
  type EnteredContext,
  findPack,
  listPacks,
  type PeerGroup,
  readEnteredContext,
  readPeerGroup,
  type StoredPack,
  saveEnteredContext,
  savePack,
  savePeerGroup,
} from './store.ts'

const VERSION = (() => {
  try {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'))
    return typeof pkg.version === 'string' ? pkg.version : ''
  } catch {
    return ''
  }
})()

/** What a pack says made it. */
export const GENERATOR = `ASCEND ${VERSION}`.trim()

export interface CouncilRef {
  id: string
  code: string
  name: string
  synthetic: boolean
}

export const councilOf = (user: CurrentUser): CouncilRef => ({
  id: user.councilId,
  code: user.councilCode,
  name: user.councilName,
  synthetic: user.councilSynthetic,
})

/** The years to offer: every year measures cover, and any year a peer's pack is for. */
export function benchmarkYears(today: string, packs: readonly { year: string }[] = []): string[] {
  return [...new Set([...yearChoices(today), ...packs.map((p) => p.year)])].sort().reverse()
}

const yearSchema = z.object({
  year: z.preprocess(
    blankToUndefined,
    z
      .string({ error: 'Enter a financial year like 2024-25' })
      .refine((y) => isFinancialYear(y) && Number(y.slice(0, 4)) >= FIRST_YEAR, {
        message: `Enter a financial year from ${FIRST_YEAR}-${String((FIRST_YEAR + 1) % 100).padStart(2, '0')}, like 2024-25`,
      })
      .optional(),
  ),
})

/** The year asked for (in a query or a form), or the latest complete financial year. */
export function parseBenchmarkYear(input: unknown, today: string): string {
  return parseInput(yearSchema, input).year ?? latestCompleteYear(today)
}

/**
 * A council's benchmark pack for a year, made now from its records.
 *
 * @example
 * const pack = await exportPack(database, councilOf(user), '2024-25', new Date())
 */
export async function exportPack(
  database: Database,
  council: CouncilRef,
  year: string,
  now: Date,
): Promise<BenchmarkPack> {
  const [measures, entered] = await Promise.all([
    measuresForYear(database.db, council.id, year),
    readEnteredContext(database.db, council.id),
  ])
  return buildPack({
    council: { code: council.code, name: council.name, synthetic: council.synthetic },
    year,
    generatedAt: now,
    generator: GENERATOR,
    measures,
    entered,
  })
}

/**
 * Notes in the audit log that a council's pack left it: who took it, for
 * which year, in which form and how (only aggregates leave, but the council
 * should know when and to whom).
 *
 * @example
 * await recordPackExport(database, { councilId, userId }, pack, 'json', 'web')
 */
export async function recordPackExport(
  database: Database,
  who: { councilId: string; userId: string | null },
  pack: BenchmarkPack,
  format: 'json' | 'csv',
  channel: 'web' | 'api' | 'cli',
) {
  await recordAudit(database.db, {
    councilId: who.councilId,
    userId: who.userId,
    action: 'read',
    recordType: 'benchmark-pack-export',
    detail: { year: pack.year, format, channel, measures: pack.measures.length },
  })
}

/**
 * Checks and stores a peer's pack: a parsed JSON body (the API) or a file's
 * text (pages, CLI). A council's own pack is refused. Throws a
 * ValidationProblem that says what is wrong with the pack.
 *
 * @example
 * const { id, replaced, pack } = await importPack(database, user, fileText, 'web')
 */
export async function importPack(
  database: Database,
  who: { councilId: string; councilCode: string; userId: string | null },
  input: unknown,
  channel: 'web' | 'api' | 'cli',
) {
  let pack: BenchmarkPack
  try {
    pack = typeof input === 'string' ? readPackText(input) : readPack(input)
  } catch (error) {
    if (error instanceof PackProblem) throw new ValidationProblem(error.errors)
    throw error
  }
  if (pack.council.code.toUpperCase() === who.councilCode.toUpperCase()) {
    throw new ValidationProblem([
      {
        field: 'council.code',
        message: `This is your own council’s pack (${pack.council.code}): import packs from other councils`,
      },
    ])
  }
  const saved = await database.db.transaction().execute(async (tx) => {
    const result = await savePack(tx, who.councilId, pack, who.userId)
    await recordAudit(tx, {
      councilId: who.councilId,
      userId: who.userId,
      action: result.replaced ? 'update' : 'create',
      recordType: 'benchmark-pack',
      recordId: result.id,
      detail: { peer: pack.council.code, year: pack.year, channel },
    })
    return result
  })
  return { ...saved, pack }
}

/** Removes a peer's pack; 404 when the council has no such pack. */
export async function removePack(database: Database, user: CurrentUser, id: string) {
  const found = await findPack(database.db, user.councilId, id)
  if (!found) throw notFound('Benchmark pack')
  await database.db.transaction().execute(async (tx) => {
    await deletePack(tx, user.councilId, id)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'benchmark-pack',
      recordId: id,
      detail: { removed: true, peer: found.peer_code, year: found.year },
    })
  })
  return found
}

/** A stored pack as the API gives it. */
export const storedPackJson = (stored: StoredPack) => ({
  id: stored.id,
  council: stored.pack.council,
  year: stored.year,
  version: stored.version,
  generatedAt: stored.generatedAt.toISOString(),
  importedAt: stored.importedAt.toISOString(),
  importedBy: stored.importedByName,
  measures: stored.pack.measures.length,
})

// ── Peer groups ──────────────────────────────────────────────────────────────

const asList = (value: unknown) =>
  value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]

const peerGroupSchema = z.discriminatedUnion(
  'method',
  [
    z.object({
      method: z.literal('hand'),
      peers: z.preprocess(
        asList,
        z
          .array(z.string().trim().toUpperCase(), { error: 'Choose at least one peer council' })
          .min(1, 'Choose at least one peer council')
          .max(50, 'Choose at most 50 peer councils'),
      ),
    }),
    z.object({
      method: z.literal('nearest'),
      k: z.preprocess(
        (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value),
        z
          .number({ error: 'Enter how many neighbours to find, a whole number from 1 to 30' })
          .int('Enter how many neighbours to find, a whole number from 1 to 30')
          .min(1, 'Enter how many neighbours to find, a whole number from 1 to 30')
          .max(30, 'Enter how many neighbours to find, a whole number from 1 to 30'),
      ),
      variables: z.preprocess(
        asList,
        z
          .array(z.enum(CONTEXT_VARIABLES, { error: 'Choose context figures from the list' }))
          .min(1, 'Choose at least one context figure to compare councils on'),
      ),
      year: yearSchema.shape.year,
    }),
  ],
  { error: 'Choose how to pick your peers: by hand or by nearest neighbours' },
)

export interface PeerGroupView {
  group: PeerGroup | undefined
  /** The nearest-neighbour working, when the group was found that way and can be worked again. */
  neighbours: NeighbourResult | undefined
}

/** The council as a row of context figures, from its own pack for the year. */
async function ownContextRow(
  database: Database,
  council: CouncilRef,
  year: string,
  now: Date,
): Promise<ContextRow> {
  const pack = await exportPack(database, council, year, now)
  return { code: council.code, name: council.name, values: pack.context }
}

const contextRows = (packs: readonly StoredPack[]): ContextRow[] =>
  packs.map((p) => ({ code: p.peerCode, name: p.peerName, values: p.pack.context }))

/**
 * Chooses the council's peer group by hand (any council it holds a pack
 * from) or by nearest neighbours on context figures for a year.
 *
 * @example
 * await choosePeerGroup(database, user, { method: 'nearest', k: '5', variables: ['population65plus'] }, today, now)
 */
export async function choosePeerGroup(
  database: Database,
  user: CurrentUser,
  input: unknown,
  today: string,
  now: Date,
) {
  const parsed = parseInput(peerGroupSchema, input)
  let group: { method: 'hand' | 'nearest'; peerCodes: string[]; variables: string[]; year: string | null }
  let neighbours: NeighbourResult | undefined
  if (parsed.method === 'hand') {
    const known = new Set((await listPacks(database.db, user.councilId)).map((p) => p.peerCode))
    const unknown = parsed.peers.filter((code) => !known.has(code))
    if (unknown.length) {
      throw new ValidationProblem([
        {
          field: 'peers',
          message: `You have no pack from ${unknown.join(', ')}: import one before choosing it`,
        },
      ])
    }
    group = { method: 'hand', peerCodes: [...new Set(parsed.peers)].sort(), variables: [], year: null }
  } else {
    const year = parsed.year ?? latestCompleteYear(today)
    const packs = await listPacks(database.db, user.councilId, year)
    if (!packs.length) {
      throw new ValidationProblem([
        { field: 'year', message: `You have no peers’ packs for ${year}: import some first` },
      ])
    }
    neighbours = nearestNeighbours(
      await ownContextRow(database, councilOf(user), year, now),
      contextRows(packs),
      parsed.variables,
      parsed.k,
    )
    if (!neighbours.variables.length) {
      throw new ValidationProblem([
        {
          field: 'variables',
          message:
            'Your council has none of the chosen context figures for this year: choose others, or enter them',
        },
      ])
    }
    if (!neighbours.neighbours.length) {
      throw new ValidationProblem([
        {
          field: 'variables',
          message: `No peer’s pack for ${year} has all the chosen context figures: choose fewer`,
        },
      ])
    }
    group = {
      method: 'nearest',
      peerCodes: neighbours.neighbours.map((n) => n.code),
      variables: neighbours.variables,
      year,
    }
  }
  await database.db.transaction().execute(async (tx) => {
    await savePeerGroup(tx, user.councilId, group, user.id)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'benchmark-peer-group',
      detail: { method: group.method, peers: group.peerCodes, variables: group.variables, year: group.year },
    })
  })
  return { group, neighbours }
}

/** The council's peer group, with the nearest-neighbour working redone from the packs now held. */
export async function readPeerGroupView(
  database: Database,
  user: CurrentUser,
  now: Date,
): Promise<PeerGroupView> {
  const group = await readPeerGroup(database.db, user.councilId)
  if (group?.method !== 'nearest' || !group.year) return { group, neighbours: undefined }
  const packs = await listPacks(database.db, user.councilId, group.year)
  const own = await ownContextRow(database, councilOf(user), group.year, now)
  return {
    group,
    neighbours: nearestNeighbours(own, contextRows(packs), group.variables, group.peerCodes.length),
  }
}

/** The peers' packs for a year: the peer group's, or every pack held when no group is chosen. */
export async function peerPacksFor(database: Database, councilId: string, year: string) {
  const [group, packs] = await Promise.all([
    readPeerGroup(database.db, councilId),
    listPacks(database.db, councilId, year),
  ])
  if (!group) return { packs, missing: [] as string[], group }
  const byCode = new Map(packs.map((p) => [p.peerCode, p]))
  return {
    packs: group.peerCodes.map((code) => byCode.get(code)).filter((p): p is StoredPack => !!p),
    missing: group.peerCodes.filter((code) => !byCode.has(code)),
    group,
  }
}

// ── Comparisons ─────────────────────────────────────────────────────────────

export interface PeerFigure {
  code: string
  name: string
  numerator: number | null
  denominator: number | null
  value: number | null
  /** Why there is no value: the peer suppressed it, or its pack does not have the measure. */
  missing: 'suppressed' | 'not in pack' | null
}

export interface Comparison {
  year: string
  code: string
  title: string
  unit: string
  own: MeasureFigures | undefined
  peers: PeerFigure[]
  /** Peers in the group without a pack for the year. */
  peersWithoutPack: string[]
  position: PeerPosition
  spread: Spread | null
}

function peerFigure(pack: StoredPack, code: string): PeerFigure {
  const measure: PackMeasure | undefined = pack.pack.measures.find((m) => m.code === code)
  return {
    code: pack.peerCode,
    name: pack.peerName,
    numerator: measure?.numerator ?? null,
    denominator: measure?.denominator ?? null,
    value: measure?.value ?? null,
    missing: !measure ? 'not in pack' : measure.suppressed ? 'suppressed' : null,
  }
}

function compare(
  year: string,
  code: string,
  own: MeasureFigures | undefined,
  packs: readonly StoredPack[],
  missing: string[],
): Comparison {
  const described =
    own ??
    packs.map((p) => p.pack.measures.find((m) => m.code === code)).find((m) => m) ??
    BUILT_IN_MEASURES.find((m) => m.code === code)
  const peers = packs.map((p) => peerFigure(p, code))
  const ownValue = own?.value ?? null
  return {
    year,
    code,
    title: described?.title ?? code,
    unit: described?.unit ?? 'ratio',
    own,
    peers,
    peersWithoutPack: missing,
    position: peerPosition(
      ownValue,
      peers.map((p) => p.value),
    ),
    spread: spreadOf([ownValue, ...peers.map((p) => p.value)]),
  }
}

/**
 * One measure for the council and its peers in a year. 404 when neither the
 * council nor any peer has the measure.
 *
 * @example
 * const comparison = await readComparison(database, user, 'HOMECARE-10H', '2024-25')
 */
export async function readComparison(database: Database, user: CurrentUser, code: string, year: string) {
  const [measures, peers] = await Promise.all([
    measuresForYear(database.db, user.councilId, year),
    peerPacksFor(database, user.councilId, year),
  ])
  const own = measures.find((m) => m.code === code)
  const anyPeerHasIt = peers.packs.some((p) => p.pack.measures.some((m) => m.code === code))
  if (!own && !anyPeerHasIt) throw notFound('Measure')
  return compare(year, code, own, peers.packs, peers.missing)
}

/**
 * Every measure the council has for a year, each compared with the peers: the
 * spread page, the self-assessment's evidence and the API.
 *
 * @example
 * const { comparisons } = await readComparisons(database, user.councilId, '2024-25')
 */
export async function readComparisons(database: Database, councilId: string, year: string) {
  const [measures, peers] = await Promise.all([
    measuresForYear(database.db, councilId, year),
    peerPacksFor(database, councilId, year),
  ])
  return {
    year,
    peers: peers.packs.map((p) => ({ code: p.peerCode, name: p.peerName })),
    peersWithoutPack: peers.missing,
    usingPeerGroup: !!peers.group,
    comparisons: measures.map((own) => compare(year, own.code, own, peers.packs, peers.missing)),
  }
}

/** A comparison as the API gives it. */
export const comparisonJson = (c: Comparison) => ({
  year: c.year,
  code: c.code,
  title: c.title,
  unit: c.unit,
  council: c.own
    ? { numerator: c.own.numerator, denominator: c.own.denominator, value: c.own.value }
    : { numerator: null, denominator: null, value: null },
  peers: c.peers,
  peersWithoutPack: c.peersWithoutPack,
  position: c.position,
  spread: c.spread,
})

// ── Context the council enters ────────────────────────────────────────────────

const score = (what: string) =>
  z.preprocess(
    (value) => {
      const blank = blankToUndefined(value)
      return typeof blank === 'string' ? Number(blank.replace(/%$/, '')) : blank
    },
    z
      .number({ error: `Enter ${what} as a number from 0 to 100` })
      .min(0, `Enter ${what} as a number from 0 to 100`)
      .max(100, `Enter ${what} as a number from 0 to 100`)
      .optional()
      .nullable(),
  )

const contextSchema = z.object({
  deprivationScore: score('the deprivation score'),
  ruralPercent: score('the rural share'),
})

/** Saves the context figures the council enters; a blank clears one. */
export async function saveContext(
  database: Database,
  user: CurrentUser,
  input: unknown,
): Promise<EnteredContext> {
  const parsed = parseInput(contextSchema, input)
  const context = {
    deprivationScore: parsed.deprivationScore ?? null,
    ruralPercent: parsed.ruralPercent ?? null,
  }
  await database.db.transaction().execute(async (tx) => {
    await saveEnteredContext(tx, user.councilId, context, user.id)
    await recordAudit(tx, {
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'benchmark-context',
      detail: context,
    })
  })
  return context
}

export { CONTEXT_VARIABLES, type ContextVariable, listPacks, readEnteredContext }
