import swagger from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * The OpenAPI document at /api/v1/openapi.json, built from the routes' schemas
 * (which are for the document only: see the schema compilers in build-app.ts).
 */
export const openApi = fp(async (app: FastifyInstance) => {
  const routes: ApiRoute[] = []
  // Every route added from here on, so a test can hold the document to what the app really serves.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return
    const schema = route.schema as { summary?: string; hide?: boolean } | undefined
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue
      routes.push({ method, url: route.url, summary: schema?.summary, hidden: schema?.hide === true })
    }
  })
  app.decorate('apiRoutes', () => [...routes])
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

/** An API route as the app registered it: what the OpenAPI document has to describe. */
export interface ApiRoute {
  method: string
  /** Fastify's form, `/api/v1/people/:id`. */
  url: string
  summary: string | undefined
  hidden: boolean
}

/**
 * A route's path as OpenAPI writes it.
 *
 * @example
 * openApiPath('/api/v1/people/:id/requests') // '/api/v1/people/{id}/requests'
 */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every `/api/…` route registered after the OpenAPI plugin, HEAD aside. */
    apiRoutes(): ApiRoute[]
  }
}
