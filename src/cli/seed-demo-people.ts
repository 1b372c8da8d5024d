import type { Database } from '../kernel/db/connect.ts'

/** Fills the new demo council with a small synthetic population. */
export async function seedDemoPeople(_database: Database, _councilId: string): Promise<void> {}
