import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppServices } from '../services.ts'

/** `/health`: up when the database answers. Mounted before everything else. */
export async function healthChecks(app: FastifyInstance, services: AppServices) {
  app.get('/health', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(services.database.db)
      return { status: 'ok' }
    } catch {
      return reply.code(503).send({ status: 'unavailable' })
    }
  })
}
