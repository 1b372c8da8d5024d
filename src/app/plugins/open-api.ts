import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * The OpenAPI document at /api/v1/openapi.json, built from the routes' schemas.
 * Schemas there are for the document only: input is checked by zod in each
 * handler (one set of messages for pages and API), so Fastify neither
 * validates nor serialises with them.
 */
export const openApi = fp(async (app: FastifyInstance) => {
  app.setValidatorCompiler(() => (data) => ({ value: data }))
  app.setSerializerCompiler(() => (data) => JSON.stringify(data))
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ASCEND API',
        version: '1',
        description:
          'Adult Social Care: Evidence, Needs, Decisions. Sign in with POST /api/v1/session and send the token as ' +
          '`Authorization: Bearer <token>`. Errors are RFC 9457 problem documents with a per-field `errors` list.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger())
})
