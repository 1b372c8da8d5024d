import { z } from 'zod'
import type { Database } from '../../kernel/db/connect.ts'
import { conflict, ValidationProblem } from '../../kernel/problem.ts'
import { absent, parseInput } from '../../kernel/validation.ts'
import { type AuditEntry, recordAudit } from '../audit/store.ts'
import type { CurrentUser } from '../identity/store.ts'
import { personAuditEntry } from './audited-reads.ts'
import { type FillableDetails, fieldsToFill, mergeRefusals } from './merge-rules.ts'
import { markMerged, mergeConditions, moveRecords, recordCounts } from './merge-store.ts'
import { personName } from './rules.ts'
import { type DuplicateMatch, findDuplicates, getPerson, type PersonRow, personForUser } from './store.ts'
import { endSupportAtDeath } from './support-ended-at-death.ts'

/*
 * Merging a person recorded twice into one record: a preview of what would
 * move and what the duplicate fills in, then the merge in one transaction,
 * audited on both records.
 */

export const mergeSchema = z.object({
  duplicateId: z.preprocess(absent, z.uuid({ error: 'Choose the duplicate record' })),
})

const CONFIRM = 'Confirm that the two records are the same person'
const mergeFormSchema = mergeSchema.extend({
  confirmSame: z.literal('yes', { error: CONFIRM }),
})

/** What merging `duplicate` into `kept` would do, or why it cannot be done. */
export interface MergePreview {
  kept: PersonRow
  duplicate: PersonRow
  moves: { what: string; count: number }[]
  fills: { field: string; label: string; value: string }[]
  refusals: string[]
}

async function previewIn(db: Database['db'], user: CurrentUser, kept: PersonRow, duplicateId: string) {
  if (duplicateId === kept.id)
    throw new ValidationProblem([
      { field: 'duplicateId', message: 'Choose a record other than the one kept' },
    ])
  const duplicate = await getPerson(db, user.councilId, duplicateId)
  if (!duplicate)
    throw new ValidationProblem([
      { field: 'duplicateId', message: 'Choose a record of a person in this council' },
    ])
  const conditions = await mergeConditions(db, kept.id, duplicate.id)
  return {
    kept,
    duplicate,
    moves: await recordCounts(db, duplicate.id),
    fills: fieldsToFill(kept as FillableDetails, duplicate as FillableDetails),
    refusals: mergeRefusals({
      ...conditions,
      keptName: personName(kept),
      duplicateName: personName(duplicate),
    }),
  } satisfies MergePreview
}

/**
 * What merging a duplicate into the person kept would do. 404 when the kept
 * person is not the council's; 422 when the duplicate is not given, is the
 * same person or is not the council's. Both records are audited as read.
 *
 * @example
 * const preview = await mergePreview(database, user, keptId, { duplicateId }, 'page')
 */
export async function mergePreview(
  database: Database,
  user: CurrentUser,
  keptId: string,
  query: unknown,
  via: string,
): Promise<MergePreview> {
  const kept = await personForUser(database.db, user, keptId)
  const { duplicateId } = parseInput(mergeSchema, query)
  const preview = await previewIn(database.db, user, kept, duplicateId)
  await recordAudit(
    database.db,
    [kept.id, preview.duplicate.id].map((id) =>
      personAuditEntry(user, 'read', id, { via, view: 'merge preview' }),
    ),
  )
  return preview
}

/**
 * Merges a duplicate into the person kept, in one transaction: every record
 * moves, the kept record's blanks are filled, the duplicate is marked merged,
 * and both records' trails get an entry. 409 with the reasons when it cannot
 * be done; a form must also confirm the two are the same person.
 *
 * @example
 * const merged = await mergePeople(database, user, keptId, { duplicateId }, now)
 */
export async function mergePeople(
  database: Database,
  user: CurrentUser,
  keptId: string,
  body: unknown,
  at: Date,
  options: { confirmed: 'form' | 'api' } = { confirmed: 'api' },
) {
  return database.db.transaction().execute(async (tx) => {
    const kept = await personForUser(tx, user, keptId)
    const { duplicateId } = parseInput(options.confirmed === 'form' ? mergeFormSchema : mergeSchema, body)
    // Both rows locked, in id order, so two merges of the same pair cannot cross.
    await tx
      .selectFrom('people')
      .select('id')
      .where('id', 'in', [kept.id, duplicateId].sort())
      .orderBy('id')
      .forUpdate()
      .execute()
    const preview = await previewIn(tx, user, kept, duplicateId)
    if (preview.refusals.length > 0)
      throw conflict(preview.refusals.join('. '), { reasons: preview.refusals })
    const moved = await moveRecords(tx, duplicateId, kept.id)
    const fill = Object.fromEntries(preview.fills.map((f) => [f.field, f.value])) as FillableDetails
    await markMerged(tx, {
      councilId: user.councilId,
      keptId: kept.id,
      duplicateId,
      userId: user.id,
      fill,
      at,
    })
    // A death the duplicate recorded, or the kept record had, ends what either record left open.
    const dateOfDeath = kept.date_of_death ?? fill.date_of_death ?? null
    if (dateOfDeath) await endSupportAtDeath(tx, user, kept.id, dateOfDeath, at)
    const entry = (personId: string, detail: Record<string, unknown>): AuditEntry => ({
      councilId: user.councilId,
      userId: user.id,
      action: 'update',
      recordType: 'person',
      recordId: personId,
      personId,
      detail,
    })
    await recordAudit(tx, [
      entry(kept.id, {
        mergedFrom: duplicateId,
        moved,
        changed: preview.fills.map((f) => f.field),
      }),
      entry(duplicateId, { mergedInto: kept.id }),
    ])
    return {
      person: (await getPerson(tx, user.councilId, kept.id)) as PersonRow,
      duplicate: preview.duplicate,
      moved,
    }
  })
}

/**
 * Records probably the same person as `person` (the same NHS number, or the
 * same names and date of birth), to offer first when merging.
 *
 * @example
 * const likely = await likelyDuplicates(database, user, person)
 */
export async function likelyDuplicates(
  database: Database,
  user: CurrentUser,
  person: PersonRow,
): Promise<DuplicateMatch[]> {
  // Matching is by date of birth or NHS number: a record with neither has no likely duplicates.
  if (!person.date_of_birth) return []
  const matches = await findDuplicates(
    database.db,
    user.councilId,
    {
      givenName: person.given_name ?? '',
      familyName: person.family_name ?? '',
      dateOfBirth: person.date_of_birth,
      nhsNumber: person.nhs_number,
    },
    person.id,
  )
  await recordAudit(
    database.db,
    matches.map(({ person: match }) =>
      personAuditEntry(user, 'read', match.id, { via: 'page', view: 'possible duplicate', of: person.id }),
    ),
  )
  return matches
}
