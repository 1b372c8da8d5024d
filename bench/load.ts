import autocannon from 'autocannon'
import { percentile } from './percentile.ts'

export interface LoadPlan {
  origin: string
  /** Paths each connection goes round, starting at a different place per connection. */
  paths: string[]
  headers?: Record<string, string>
  connections: number
  seconds: number
  warmUpSeconds: number
}

export interface LoadFigures {
  /** Responses answered 200 during the measured run. */
  ok: number
  /** Anything else: other statuses, connection errors and timeouts. */
  failed: number
  requestsPerSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

/** No run, warm-up or measured, sends more than this many requests, whatever its length. */
const MAX_REQUESTS_PER_RUN = 500_000

/**
 * Loads one route from `connections` keep-alive connections, first for
 * `warmUpSeconds` (discarded), then for `seconds`, and gives the latency
 * percentiles (each response's own time, exact, not bucketed) and requests per
 * second. Every request goes to the loopback origin given; both runs are
 * bounded in time and in count.
 *
 * @example
 * const figures = await measureLoad({ origin, paths: ['/caseload'], headers: { cookie }, connections: 32, seconds: 10, warmUpSeconds: 2 })
 * console.log(figures.p95Ms)
 */
export async function measureLoad(plan: LoadPlan): Promise<LoadFigures> {
  const host = new URL(plan.origin).hostname
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`The bench only loads a server on this machine, not ${host}`)
  }
  if (plan.warmUpSeconds > 0) await run(plan, plan.warmUpSeconds)
  return run(plan, plan.seconds)
}

async function run(plan: LoadPlan, seconds: number): Promise<LoadFigures> {
  const latencies: number[] = []
  let ok = 0
  let failed = 0
  let client = 0
  const requests = plan.paths.map((path) => ({ method: 'GET' as const, path }))
  const started = performance.now()
  let stop = () => {}
  // A hard stop should the run overstay, so the bench always ends by itself.
  const guard = setTimeout(() => stop(), (seconds + 60) * 1000)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.origin,
        connections: plan.connections,
        duration: seconds,
        maxOverallRequests: MAX_REQUESTS_PER_RUN,
        timeout: 30,
        headers: plan.headers,
        requests,
        // Each connection starts at its own place in the list, so they do not ask for the same record at once.
        setupClient: (c) => {
          const shift = (client++ * Math.ceil(requests.length / plan.connections)) % requests.length
          c.setRequests([...requests.slice(shift), ...requests.slice(0, shift)])
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    stop = () => instance.stop()
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) {
        ok++
        latencies.push(responseTime)
      } else failed++
    })
  }).finally(() => clearTimeout(guard))
  const elapsedSeconds = (performance.now() - started) / 1000
  latencies.sort((a, b) => a - b)
  return {
    ok,
    failed: failed + result.errors,
    requestsPerSecond: ok / elapsedSeconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
  }
}
