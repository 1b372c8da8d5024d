import formbody from '@fastify/formbody'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/** Forms arrive url-encoded (repeated names become arrays); the API speaks JSON. */
export const requestParsing = fp(async (app: FastifyInstance) => {
  await app.register(formbody, { bodyLimit: 256 * 1024 })
})
