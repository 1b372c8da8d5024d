import autocannon from 'autocannon'
import { percentile } from './percentile.ts'

export interface LoadTarget {
  origin: string
  /** Paths each connection goes round, starting at a different place per connection. */
  paths: string[]
  headers?: Record<string, string>
  /** The CPU time (ms) of the process that answers, if it can be read: sampled around each run. */
  cpuMs?: () => number | undefined
}

export interface LoadPlan {
  connections: number
  /** Measured seconds per target, in all. */
  seconds: number
  /** Unmeasured seconds per target first, so caches, JIT and pools are warm. */
  warmUpSeconds: number
  /** The measured seconds are split into this many turns, taken by the targets in turn. */
  rounds: number
}

export interface LoadFigures {
  /** Responses answered 200 during the measured runs. */
  ok: number
  /** Anything else: other statuses, connection errors and timeouts. */
  failed: number
  requestsPerSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
  /** The answering process's CPU time a request (ms), when the target says how to read it. */
  cpuMsPerRequest?: number
}

interface Tally {
  latencies: number[]
  ok: number
  failed: number
  seconds: number
  /** CPU time of the answering process during the runs; undefined when it could not be read. */
  cpuMs?: number
}

/** No run, warm-up or measured, sends more than this many requests, whatever its length. */
const MAX_REQUESTS_PER_RUN = 500_000
const LOOPBACK = ['127.0.0.1', 'localhost', '::1', '[::1]']

/**
 * Loads each target from `connections` keep-alive connections: a warm-up
 * (discarded), then the measured time in `rounds` turns taken by the targets in
 * turn, so that a page and its baseline share whatever else the machine is
 * doing. Gives, per target, latency percentiles (each response's own time,
 * exact, not bucketed) and requests per second. Only loopback origins are
 * loaded, and every run is bounded in time and in count.
 *
 * @example
 * const [page, bare] = await measureLoads([pageTarget, bareTarget], { connections: 32, seconds: 10, warmUpSeconds: 3, rounds: 5 })
 * console.log(page.p95Ms, page.requestsPerSecond / bare.requestsPerSecond)
 */
export async function measureLoads(targets: LoadTarget[], plan: LoadPlan): Promise<LoadFigures[]> {
  for (const target of targets) {
    const host = new URL(target.origin).hostname
    if (!LOOPBACK.includes(host))
      throw new Error(`The bench only loads a server on this machine, not ${host}`)
  }
  if (plan.warmUpSeconds > 0)
    for (const target of targets) await run(target, plan.connections, plan.warmUpSeconds)
  const tallies: Tally[] = targets.map(() => ({ latencies: [], ok: 0, failed: 0, seconds: 0, cpuMs: 0 }))
  const turn = plan.seconds / plan.rounds
  for (let round = 0; round < plan.rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const result = await run(target, plan.connections, turn)
      const tally = tallies[i] as Tally
      for (const latency of result.latencies) tally.latencies.push(latency)
      tally.ok += result.ok
      tally.failed += result.failed
      tally.seconds += result.seconds
      tally.cpuMs =
        tally.cpuMs === undefined || result.cpuMs === undefined ? undefined : tally.cpuMs + result.cpuMs
    }
  }
  return tallies.map(figuresOf)
}

function figuresOf(tally: Tally): LoadFigures {
  const sorted = tally.latencies.sort((a, b) => a - b)
  return {
    ok: tally.ok,
    failed: tally.failed,
    requestsPerSecond: tally.ok / Math.max(tally.seconds, 0.001),
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    cpuMsPerRequest:
      tally.cpuMs === undefined ? undefined : tally.cpuMs / Math.max(tally.ok + tally.failed, 1),
  }
}

async function run(target: LoadTarget, connections: number, seconds: number): Promise<Tally> {
  const tally: Tally = { latencies: [], ok: 0, failed: 0, seconds: 0 }
  let client = 0
  const requests = target.paths.map((path) => ({ method: 'GET' as const, path }))
  const started = performance.now()
  const cpuBefore = target.cpuMs?.()
  let stop = () => {}
  // A hard stop should the run overstay, so the bench always ends by itself.
  const guard = setTimeout(() => stop(), (seconds + 60) * 1000)
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.origin,
        connections,
        duration: seconds,
        maxOverallRequests: MAX_REQUESTS_PER_RUN,
        timeout: 30,
        headers: target.headers,
        requests,
        // Each connection starts at its own place in the list, so they do not ask for the same record at once.
        setupClient: (c) => {
          const shift = (client++ * Math.ceil(requests.length / connections)) % requests.length
          c.setRequests([...requests.slice(shift), ...requests.slice(0, shift)])
        },
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    )
    stop = () => instance.stop()
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode === 200) {
        tally.ok++
        tally.latencies.push(responseTime)
      } else tally.failed++
    })
  }).finally(() => clearTimeout(guard))
  tally.seconds = (performance.now() - started) / 1000
  tally.failed += result.errors
  const cpuAfter = target.cpuMs?.()
  tally.cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore
  return tally
}
