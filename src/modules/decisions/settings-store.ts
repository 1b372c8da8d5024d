import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type DecisionSettings, settingsOf } from './settings.ts'

type Db = Kysely<Schema>

/**
 * The council's decision settings: its saved ones, or ASCEND's defaults
 * until it saves some. `saved` says which.
 *
 * @example
 * const { settings } = await readDecisionSettings(db, user.councilId)
 */
export async function readDecisionSettings(
  db: Db,
  councilId: string,
): Promise<{ settings: DecisionSettings; saved: boolean; updatedAt: Date | null }> {
  const row = await db
    .selectFrom('decision_settings')
    .select(['settings', 'updated_at'])
    .where('council_id', '=', councilId)
    .executeTakeFirst()
  return { settings: settingsOf(row?.settings), saved: row !== undefined, updatedAt: row?.updated_at ?? null }
}

/**
 * Saves the council's decision settings, replacing any saved before.
 *
 * @example
 * await writeDecisionSettings(tx, user.councilId, settings, user.id, now)
 */
export async function writeDecisionSettings(
  db: Db,
  councilId: string,
  settings: DecisionSettings,
  userId: string,
  now: Date,
): Promise<void> {
  const values = { settings: JSON.stringify(settings), updated_by: userId, updated_at: now }
  await db
    .insertInto('decision_settings')
    .values({ council_id: councilId, ...values })
    .onConflict((oc) => oc.column('council_id').doUpdateSet(values))
    .execute()
}
