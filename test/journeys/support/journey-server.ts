import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/app/build-app.ts'
import type { AppServices } from '../../../src/app/services.ts'
import { readConfig } from '../../../src/config.ts'
import type { Database } from '../../../src/kernel/db/connect.ts'
import { ensureDemoCouncil } from '../../../src/modules/synthetic/demo-council.ts'
import { freshDatabase } from '../../support/databases.ts'

export interface JourneyServer {
  url: string
  app: FastifyInstance
  database: Database
  councilId: string
  close(): Promise<void>
}

/**
 * The service on a fresh embedded database holding the demo council and its
 * sign-ins (`<role>@demo.ascend.test` / `ascend-demo`), listening on a free port,
 * with any of the services' settings a journey needs.
 */
export async function startJourneyServer(
  services: Partial<Pick<AppServices, 'measuresInBackgroundOver' | 'returnCheckWaitMs'>> = {},
): Promise<JourneyServer> {
  const database = await freshDatabase('pglite')
  const councilId = await ensureDemoCouncil(database)
  if (!councilId) throw new Error('The demo council was not created')
  const app = await buildApp({
    database,
    config: readConfig({}, { logLevel: 'silent' }),
    now: () => new Date(),
    ...services,
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return {
    url,
    app,
    database,
    councilId,
    async close() {
      await app.close()
      await database.close()
    },
  }
}
