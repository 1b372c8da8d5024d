import type { Database } from '../../kernel/db/connect.ts'
import { notFound } from '../../kernel/problem.ts'
import { parseInput } from '../../kernel/validation.ts'
import { recordAuditBy } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { providerSchema, serviceSchema } from './inputs.ts'
import {
  findProvider,
  findService,
  insertProvider,
  insertService,
  servicesOf,
  updateProvider,
  updateService,
} from './store.ts'

/**
 * Adds a provider to the user's council's directory, audited.
 *
 * @example
 * const provider = await addProvider(database, user, { name: 'Caring Hands Ltd', kind: 'organisation' })
 */
export async function addProvider(database: Database, user: CurrentUser, body: unknown) {
  const input = parseInput(providerSchema, body)
  return database.db.transaction().execute(async (tx) => {
    const provider = await insertProvider(tx, user.councilId, user.id, input)
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'provider',
      recordId: provider.id,
      detail: { name: input.name },
    })
    return provider
  })
}

/** Replaces a provider's details, audited with what changed; 404 for another council's. */
export async function changeProvider(database: Database, user: CurrentUser, id: string, body: unknown) {
  const input = parseInput(providerSchema, body)
  return database.db.transaction().execute(async (tx) => {
    const before = await findProvider(tx, user.councilId, id, true)
    if (!before) throw notFound('Provider')
    const after = await updateProvider(tx, user.councilId, id, user.id, input)
    const changed = Object.keys(after ?? {}).filter(
      (key) =>
        !['updated_at', 'updated_by'].includes(key) &&
        String(before[key as keyof typeof before]) !== String(after?.[key as keyof typeof after]),
    )
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'provider',
      recordId: id,
      detail: { changed },
    })
    return after as NonNullable<typeof after>
  })
}

/** A provider of the user's council with its services; 404 for another council's. */
export async function readProvider(database: Database, user: CurrentUser, id: string) {
  const provider = await findProvider(database.db, user.councilId, id)
  if (!provider) throw notFound('Provider')
  return { provider, services: await servicesOf(database.db, id) }
}

/** Adds a service to a provider of the user's council, audited. */
export async function addService(database: Database, user: CurrentUser, providerId: string, body: unknown) {
  const input = parseInput(serviceSchema, body)
  return database.db.transaction().execute(async (tx) => {
    if (!(await findProvider(tx, user.councilId, providerId, true))) throw notFound('Provider')
    const service = await insertService(tx, user.councilId, providerId, input)
    await recordAuditBy(tx, user, {
      action: 'create',
      recordType: 'provider_service',
      recordId: service.id,
      detail: { providerId, name: input.name },
    })
    return service
  })
}

/** Replaces a service's details, audited; 404 for another council's. */
export async function changeService(database: Database, user: CurrentUser, id: string, body: unknown) {
  const input = parseInput(serviceSchema, body)
  return database.db.transaction().execute(async (tx) => {
    const service = await updateService(tx, user.councilId, id, input)
    if (!service) throw notFound('Service')
    await recordAuditBy(tx, user, {
      action: 'update',
      recordType: 'provider_service',
      recordId: id,
      detail: { name: input.name },
    })
    return service
  })
}

/** A service of the user's council; 404 for another council's. */
export async function readService(database: Database, user: CurrentUser, id: string) {
  const service = await findService(database.db, user.councilId, id)
  if (!service) throw notFound('Service')
  return service
}
