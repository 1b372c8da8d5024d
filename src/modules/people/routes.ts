import type { FastifyInstance } from 'fastify'
import type { AppServices } from '../../app/services.ts'

export async function peopleRoutes(_app: FastifyInstance, _services: AppServices) {}
