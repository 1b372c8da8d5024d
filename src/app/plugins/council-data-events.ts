import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Tells one module that another has changed a council's data wholesale, so
 * that work on it can start at once without the two modules knowing each
 * other: a completed CLD import (cld) starts the large council's measures
 * being worked out (measures), rather than the first reader's page doing so.
 */
export interface CouncilDataEvents {
  /** Calls `listener` after each completed import; what it returns is awaited, and a failure logged. */
  onImported(listener: (councilId: string) => Promise<void> | void): void
  /** Says an import of the council's data has completed. */
  imported(councilId: string): void
}

declare module 'fastify' {
  interface FastifyInstance {
    councilData: CouncilDataEvents
  }
}

export const councilDataEvents = fp(async (app: FastifyInstance) => {
  const listeners: ((councilId: string) => Promise<void> | void)[] = []
  app.decorate('councilData', {
    onImported(listener) {
      listeners.push(listener)
    },
    imported(councilId) {
      for (const listener of listeners) {
        Promise.resolve()
          .then(() => listener(councilId))
          .catch((error: unknown) =>
            // The error's code and kind only: a message may quote a value from someone's record.
            app.log.error(
              { code: (error as { code?: unknown }).code, kind: (error as Error).name },
              'Work after a completed import failed',
            ),
          )
      }
    },
  } satisfies CouncilDataEvents)
})
