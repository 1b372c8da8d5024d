import type { FastifyInstance } from 'fastify'

/** Requests that are a return's own work (its check, file or report), never pages it should give way to. */
const RETURN_WORK = /^\/(api\/v1\/)?cld\/returns\//

/**
 * How many times its working time long work waits, after each piece, while
 * pages are asked for: it then has at most a sixth of the thread. Three left
 * a million-row import, on a slower day of this machine, at 1.30–2.25× idle
 * page p95 (five runs, two over 2×); five, with the import's checking thread
 * at a low priority, at 1.27–1.55× (four runs).
 */
export const BUSY_GIVE_BACK = 5

const counted = new WeakMap<FastifyInstance['server'], () => boolean>()

/**
 * Whether pages are being asked for now: a request is being answered, or one
 * arrived in the last 50 ms. Long work in the service (an import, a return)
 * gives way while they are: on the embedded database it holds the one thread.
 * A return's own requests do not count, as one of them waits for the work.
 *
 * @example
 * const busy = pagesBusy(app)
 * if (busy()) await new Promise((resolve) => setTimeout(resolve, BUSY_GIVE_BACK * worked))
 */
export function pagesBusy(app: FastifyInstance): () => boolean {
  // One count a server, however many plugins ask: each would otherwise count every request again.
  const known = counted.get(app.server)
  if (known) return known
  let answering = 0
  let lastAskedAt = 0
  app.server.on('request', (request, response) => {
    if (RETURN_WORK.test(request.url ?? '')) return
    answering += 1
    lastAskedAt = performance.now()
    response.once('close', () => {
      answering -= 1
    })
  })
  const busy = () => answering > 0 || performance.now() - lastAskedAt < 50
  counted.set(app.server, busy)
  return busy
}
