import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'

const root = (relative: string) => fileURLToPath(new URL(`../../../${relative}`, import.meta.url))

/** GOV.UK and MoJ Frontend's built assets, and ASCEND's own, served with long caching. */
export async function staticAssets(app: FastifyInstance) {
  const options = { maxAge: '1d', immutable: false, index: false as const }
  await app.register(fastifyStatic, {
    root: root('node_modules/govuk-frontend/dist/govuk/assets'),
    prefix: '/assets/',
    ...options,
  })
  await app.register(fastifyStatic, {
    root: root('node_modules/govuk-frontend/dist/govuk'),
    prefix: '/govuk/',
    allowedPath: (path) => /^\/govuk-frontend\.min\.(css|js)(\.map)?$/.test(path),
    decorateReply: false,
    ...options,
  })
  await app.register(fastifyStatic, {
    root: root('node_modules/@ministryofjustice/frontend/moj'),
    prefix: '/moj/',
    allowedPath: (path) => /^\/(moj-frontend\.min\.(css|js)(\.map)?|all\.bundle\.mjs|assets\/.*)$/.test(path),
    decorateReply: false,
    ...options,
  })
  await app.register(fastifyStatic, {
    root: root('public'),
    prefix: '/public/',
    decorateReply: false,
    ...options,
  })
}
