/**
 * Figures of a large council worked out in the background while its pages say
 * so. Afresh, every measure of a council of a million CLD events takes 10–25 s
 * a period on the embedded database, and a measure's page shows eight
 * periods: a page that waited for them kept its reader a minute or more
 * before anything appeared. One piece of work a key (council, page, period)
 * runs at a time, however often the page is asked for; closing the service
 * stops the work between queries.
 */

export interface BackgroundFigures {
  /** Starts `work` under `key`, unless work under that key is running already. */
  start(key: string, work: (signal: AbortSignal) => Promise<unknown>): void
  /** Whether work under `key` is running. */
  running(key: string): boolean
  /** Stops all the work (between queries) and waits for it to end. */
  close(): Promise<void>
}

/**
 * @example
 * const background = backgroundFigures((error) => app.log.error({ code: error.code }, 'failed'))
 * background.start(`${councilId}|all|${period.start}|${period.end}`, (signal) => computeMeasures(db, councilId, period, signal))
 */
export function backgroundFigures(onError: (error: unknown) => void): BackgroundFigures {
  const stop = new AbortController()
  const running = new Map<string, Promise<void>>()
  return {
    start(key, work) {
      if (running.has(key) || stop.signal.aborted) return
      const done = Promise.resolve()
        .then(() => work(stop.signal))
        .then(
          () => undefined,
          (error: unknown) => {
            // Work stopped by closing is not a failure.
            if (!stop.signal.aborted) onError(error)
          },
        )
        .finally(() => running.delete(key))
      running.set(key, done)
    },
    running: (key) => running.has(key),
    async close() {
      stop.abort()
      await Promise.all(running.values())
    },
  }
}
