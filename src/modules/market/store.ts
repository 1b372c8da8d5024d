import { type Kysely, type Selectable, sql } from 'kysely'
import type { ProviderServicesTable, ProvidersTable, Schema } from '../../schema.ts'
import type { ProviderInput, ServiceInput } from './inputs.ts'

type Db = Kysely<Schema>

export type ProviderRow = Selectable<ProvidersTable>
export type ServiceRow = Selectable<ProviderServicesTable>

const providerValues = (input: ProviderInput) => ({
  name: input.name,
  kind: input.kind,
  description: input.description ?? '',
  email: input.email ?? null,
  phone: input.phone ?? null,
  website: input.website ?? null,
  cqc_location_id: input.cqcLocationId ?? null,
  takes_direct_payments: input.takesDirectPayments,
  holds_isfs: input.holdsIsfs,
  status: input.status,
})

const serviceValues = (input: ServiceInput) => ({
  name: input.name,
  service_component: input.serviceComponent,
  description: input.description ?? '',
  areas: input.areas,
  rate_pence: input.ratePence ?? null,
  rate_unit: input.rateUnit ?? null,
  status: input.status,
})

/** Adds a provider to the council's directory. */
export async function insertProvider(db: Db, councilId: string, userId: string, input: ProviderInput) {
  return db
    .insertInto('providers')
    .values({ council_id: councilId, updated_by: userId, ...providerValues(input) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

/** Replaces a provider's details; undefined when the council has no such provider. */
export async function updateProvider(
  db: Db,
  councilId: string,
  id: string,
  userId: string,
  input: ProviderInput,
) {
  return db
    .updateTable('providers')
    .set({ ...providerValues(input), updated_by: userId, updated_at: new Date() })
    .where('id', '=', id)
    .where('council_id', '=', councilId)
    .returningAll()
    .executeTakeFirst()
}

/** A provider of the council (locked for a change when `forUpdate`), or undefined. */
export async function findProvider(db: Db, councilId: string, id: string, forUpdate = false) {
  let query = db.selectFrom('providers').selectAll().where('id', '=', id).where('council_id', '=', councilId)
  if (forUpdate) query = query.forUpdate()
  return query.executeTakeFirst()
}

/** A provider's services, by name. */
export async function servicesOf(db: Db, providerId: string): Promise<ServiceRow[]> {
  return db
    .selectFrom('provider_services')
    .selectAll()
    .where('provider_id', '=', providerId)
    .orderBy('name')
    .execute()
}

export async function insertService(db: Db, councilId: string, providerId: string, input: ServiceInput) {
  return db
    .insertInto('provider_services')
    .values({ council_id: councilId, provider_id: providerId, ...serviceValues(input) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function updateService(db: Db, councilId: string, id: string, input: ServiceInput) {
  return db
    .updateTable('provider_services')
    .set({ ...serviceValues(input), updated_at: new Date() })
    .where('id', '=', id)
    .where('council_id', '=', councilId)
    .returningAll()
    .executeTakeFirst()
}

/** A service of the council, or undefined. */
export async function findService(db: Db, councilId: string, id: string) {
  return db
    .selectFrom('provider_services')
    .selectAll()
    .where('id', '=', id)
    .where('council_id', '=', councilId)
    .executeTakeFirst()
}

/** What the directory is searched by: all optional. */
export interface DirectoryFilter {
  /** Words in the provider's or the service's name or description. */
  text?: string
  serviceComponent?: string
  /** A postcode district the service covers. */
  district?: string
  /** How the money for it can be held. */
  payment?: 'direct_payment' | 'individual_service_fund'
  /** Only active providers' active services (always so for plans and publishing). */
  activeOnly?: boolean
  /** Only services changed since. */
  modifiedAfter?: Date
  /** One provider's services. */
  providerId?: string
  /** One service. */
  serviceId?: string
}

export type DirectoryRow = ServiceRow & { provider: ProviderRow }

/**
 * The council's services matching a filter, a page at a time, each with its
 * provider; and how many match in all.
 *
 * @example
 * const { rows, total } = await searchDirectory(db, councilId, { serviceComponent: 'Home support or domiciliary care', district: 'DN4' }, { page: 1, perPage: 20 })
 */
export async function searchDirectory(
  db: Db,
  councilId: string,
  filter: DirectoryFilter,
  paging: { page: number; perPage: number },
): Promise<{ rows: DirectoryRow[]; total: number }> {
  let query = db
    .selectFrom('provider_services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .where('s.council_id', '=', councilId)
    .where('p.council_id', '=', councilId)
  if (filter.activeOnly) query = query.where('s.status', '=', 'active').where('p.status', '=', 'active')
  if (filter.providerId) query = query.where('p.id', '=', filter.providerId)
  if (filter.serviceId) query = query.where('s.id', '=', filter.serviceId)
  if (filter.serviceComponent) query = query.where('s.service_component', '=', filter.serviceComponent)
  if (filter.district) query = query.where(sql<boolean>`${filter.district} = ANY (s.areas)`)
  if (filter.payment === 'direct_payment') query = query.where('p.takes_direct_payments', '=', true)
  if (filter.payment === 'individual_service_fund') query = query.where('p.holds_isfs', '=', true)
  if (filter.modifiedAfter)
    query = query.where((eb) =>
      eb.or([
        eb('s.updated_at', '>', filter.modifiedAfter as Date),
        eb('p.updated_at', '>', filter.modifiedAfter as Date),
      ]),
    )
  if (filter.text) {
    const like = `%${filter.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    query = query.where((eb) =>
      eb.or([
        eb('p.name', 'ilike', like),
        eb('s.name', 'ilike', like),
        eb('s.description', 'ilike', like),
        eb('p.description', 'ilike', like),
      ]),
    )
  }
  const counted = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow()
  const rows = await query
    .selectAll('s')
    .select(sql<ProviderRow>`to_jsonb(p)`.as('provider'))
    .orderBy('p.name')
    .orderBy('s.name')
    .orderBy('s.id')
    .limit(paging.perPage)
    .offset((paging.page - 1) * paging.perPage)
    .execute()
  return {
    rows: rows.map((r) => ({ ...r, provider: providerFromJson(r.provider) })),
    total: Number(counted.total),
  }
}

/** A provider row read back from `to_jsonb`: its dates as dates again. */
function providerFromJson(json: ProviderRow): ProviderRow {
  return { ...json, created_at: new Date(json.created_at), updated_at: new Date(json.updated_at) }
}

/** Most names a plan's provider box suggests. */
const SUGGESTED_MAX = 200

/**
 * The names of the council's active providers with an active service, those
 * serving a postcode district when one is given: what a plan's provider box
 * suggests.
 *
 * @example
 * await providerNamesServing(db, councilId, 'DN4') // ['Caring Hands Ltd', 'Rosa Whitfield']
 */
export async function providerNamesServing(db: Db, councilId: string, district?: string): Promise<string[]> {
  let query = db
    .selectFrom('providers as p')
    .innerJoin('provider_services as s', 's.provider_id', 'p.id')
    .select('p.name')
    .distinct()
    .where('p.council_id', '=', councilId)
    .where('p.status', '=', 'active')
    .where('s.status', '=', 'active')
  if (district) query = query.where(sql<boolean>`${district} = ANY (s.areas)`)
  const rows = await query.orderBy('p.name').limit(SUGGESTED_MAX).execute()
  return rows.map((row) => row.name)
}

/**
 * The council whose directory a public feed is: by its code, for the Open
 * Referral UK API, which names no user.
 */
export async function councilByCode(db: Db, code: string) {
  return db.selectFrom('councils').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst()
}

/**
 * The council's active services of active providers, with their areas, for
 * matching plans: those covering a district and offering one of some
 * service components, when given.
 *
 * @example
 * await activeServices(db, councilId, { district: 'DN4', components: ['Home support or domiciliary care'] })
 */
export async function activeServices(
  db: Db,
  councilId: string,
  only: { district?: string; components?: readonly string[] } = {},
) {
  if (only.components?.length === 0) return []
  let query = db
    .selectFrom('provider_services as s')
    .innerJoin('providers as p', 'p.id', 's.provider_id')
    .select([
      's.id as serviceId',
      's.name as serviceName',
      's.service_component as serviceComponent',
      's.areas',
      's.rate_pence as ratePence',
      's.rate_unit as rateUnit',
      'p.id as providerId',
      'p.name as providerName',
      'p.kind as providerKind',
      'p.takes_direct_payments as takesDirectPayments',
      'p.holds_isfs as holdsIsfs',
    ])
    .where('s.council_id', '=', councilId)
    .where('p.council_id', '=', councilId)
    .where('s.status', '=', 'active')
    .where('p.status', '=', 'active')
  if (only.district) query = query.where(sql<boolean>`${only.district} = ANY (s.areas)`)
  if (only.components) query = query.where('s.service_component', 'in', [...only.components])
  return query.orderBy('p.name').orderBy('s.name').execute()
}

/**
 * A provider in the council's directory with nothing but its name, holding
 * individual service funds: what a demo or a test gives its provider user.
 *
 * @example
 * const { id } = await insertNamedProvider(tx, councilId, 'Demoshire Care Partnership')
 */
export async function insertNamedProvider(db: Db, councilId: string, name: string) {
  return db
    .insertInto('providers')
    .values({ council_id: councilId, name, kind: 'organisation', holds_isfs: true, updated_by: null })
    .returning('id')
    .executeTakeFirstOrThrow()
}

/** The council's providers by name, with their ids: what a provider user can belong to. */
export async function providerNames(db: Db, councilId: string) {
  return db
    .selectFrom('providers')
    .select(['id', 'name'])
    .where('council_id', '=', councilId)
    .orderBy('name')
    .orderBy('id')
    .execute()
}

/** The council's active providers that hold individual service funds, by name: who may hold one. */
export async function providersHoldingIsfs(db: Db, councilId: string) {
  return db
    .selectFrom('providers')
    .select(['id', 'name'])
    .where('council_id', '=', councilId)
    .where('holds_isfs', '=', true)
    .where('status', '=', 'active')
    .orderBy('name')
    .orderBy('id')
    .execute()
}
