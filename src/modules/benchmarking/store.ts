/**
 * Benchmarking's tables: peers' packs as imported, the council's peer group
 * and the context figures it enters. Every query is for one council.
 */
import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import type { BenchmarkPack } from './pack-format.ts'

type Db = Kysely<Schema>

export interface StoredPack {
  id: string
  peerCode: string
  peerName: string
  year: string
  version: number
  generatedAt: Date
  importedAt: Date
  importedByName: string | null
  pack: BenchmarkPack
}

/**
 * The peers' packs a council has imported, for one year or all, by peer code.
 *
 * @example
 * const packs = await listPacks(db, councilId, '2024-25')
 */
export async function listPacks(db: Db, councilId: string, year?: string): Promise<StoredPack[]> {
  let query = db
    .selectFrom('benchmark_packs as p')
    .leftJoin('users as u', 'u.id', 'p.imported_by')
    .where('p.council_id', '=', councilId)
  if (year) query = query.where('p.year', '=', year)
  const rows = await query
    .select([
      'p.id',
      'p.peer_code',
      'p.peer_name',
      'p.year',
      'p.version',
      'p.generated_at',
      'p.imported_at',
      'p.pack',
      'u.display_name as imported_by_name',
    ])
    .orderBy('p.year', 'desc')
    .orderBy('p.peer_code')
    .execute()
  return rows.map((row) => ({
    id: row.id,
    peerCode: row.peer_code,
    peerName: row.peer_name,
    year: row.year,
    version: row.version,
    generatedAt: row.generated_at,
    importedAt: row.imported_at,
    importedByName: row.imported_by_name,
    pack: row.pack as BenchmarkPack,
  }))
}

/**
 * Stores a peer's pack, replacing an earlier import of the same peer and
 * year. Says whether it replaced one.
 *
 * @example
 * const { id, replaced } = await savePack(tx, councilId, pack, userId)
 */
export async function savePack(
  db: Db,
  councilId: string,
  pack: BenchmarkPack,
  userId: string | null,
): Promise<{ id: string; replaced: boolean }> {
  const existing = await db
    .selectFrom('benchmark_packs')
    .select('id')
    .where('council_id', '=', councilId)
    .where('peer_code', '=', pack.council.code)
    .where('year', '=', pack.year)
    .executeTakeFirst()
  const values = {
    peer_name: pack.council.name,
    version: pack.version,
    generated_at: new Date(pack.generatedAt),
    pack: JSON.stringify(pack),
    imported_by: userId,
    imported_at: new Date(),
  }
  if (existing) {
    await db.updateTable('benchmark_packs').set(values).where('id', '=', existing.id).execute()
    return { id: existing.id, replaced: true }
  }
  const inserted = await db
    .insertInto('benchmark_packs')
    .values({ council_id: councilId, peer_code: pack.council.code, year: pack.year, ...values })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { id: inserted.id, replaced: false }
}

/** A stored pack of the council's, or undefined (another council's is never found). */
export async function findPack(db: Db, councilId: string, id: string) {
  return db
    .selectFrom('benchmark_packs')
    .select(['id', 'peer_code', 'peer_name', 'year'])
    .where('council_id', '=', councilId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function deletePack(db: Db, councilId: string, id: string): Promise<void> {
  await db.deleteFrom('benchmark_packs').where('council_id', '=', councilId).where('id', '=', id).execute()
}

export interface PeerGroup {
  method: 'hand' | 'nearest'
  peerCodes: string[]
  variables: string[]
  year: string | null
  chosenAt: Date
  chosenByName: string | null
}

/** The council's peer group, or undefined before one is chosen. */
export async function readPeerGroup(db: Db, councilId: string): Promise<PeerGroup | undefined> {
  const row = await db
    .selectFrom('benchmark_peer_groups as g')
    .leftJoin('users as u', 'u.id', 'g.chosen_by')
    .select(['g.method', 'g.peer_codes', 'g.variables', 'g.year', 'g.chosen_at', 'u.display_name'])
    .where('g.council_id', '=', councilId)
    .executeTakeFirst()
  if (!row) return undefined
  return {
    method: row.method,
    peerCodes: row.peer_codes as string[],
    variables: row.variables as string[],
    year: row.year,
    chosenAt: row.chosen_at,
    chosenByName: row.display_name,
  }
}

/** Saves the council's peer group, replacing the last. */
export async function savePeerGroup(
  db: Db,
  councilId: string,
  group: { method: 'hand' | 'nearest'; peerCodes: string[]; variables: string[]; year: string | null },
  userId: string,
): Promise<void> {
  const values = {
    method: group.method,
    peer_codes: JSON.stringify(group.peerCodes),
    variables: JSON.stringify(group.variables),
    year: group.year,
    chosen_by: userId,
    chosen_at: new Date(),
  }
  await db
    .insertInto('benchmark_peer_groups')
    .values({ council_id: councilId, ...values })
    .onConflict((oc) => oc.column('council_id').doUpdateSet(values))
    .execute()
}

export interface EnteredContext {
  deprivationScore: number | null
  ruralPercent: number | null
}

/** The context figures the council has entered (both null until it has). */
export async function readEnteredContext(db: Db, councilId: string): Promise<EnteredContext> {
  const row = await db
    .selectFrom('benchmark_council_context')
    .select(['deprivation_score', 'rural_percent'])
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  return { deprivationScore: row?.deprivation_score ?? null, ruralPercent: row?.rural_percent ?? null }
}

export async function saveEnteredContext(
  db: Db,
  councilId: string,
  context: EnteredContext,
  userId: string | null,
) {
  const values = {
    deprivation_score: context.deprivationScore,
    rural_percent: context.ruralPercent,
    updated_by: userId,
    updated_at: new Date(),
  }
  await db
    .insertInto('benchmark_council_context')
    .values({ council_id: councilId, ...values })
    .onConflict((oc) => oc.column('council_id').doUpdateSet(values))
    .execute()
}
