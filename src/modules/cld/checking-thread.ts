/**
 * Reads and checks a CLD file on a worker thread while this thread writes.
 * Reading and checking every field costs about as much as writing does, and
 * on the embedded database this thread also runs the database: on a thread
 * of their own they overlap with the writing instead of adding to it.
 */
import type { Readable } from 'node:stream'
import { Worker } from 'node:worker_threads'
import type { CheckedBatch } from './checked-batches.ts'
import { CldHeaderError } from './validator.ts'

/**
 * A worker does not inherit the loader that runs TypeScript: from the sources
 * it starts through check-worker.js, which registers tsx; compiled, the
 * thread's module is JavaScript already.
 */
const ENTRY = import.meta.url.endsWith('.js')
  ? new URL('./check-worker-thread.js', import.meta.url)
  : new URL('./check-worker.js', import.meta.url)

type Outgoing =
  | { type: 'more' }
  | { type: 'batch'; batch: CheckedBatch }
  | { type: 'end' }
  | { type: 'failed'; header: boolean; message: string }

/** The checking thread of one import. */
export interface CheckingThread {
  /**
   * The next batch of about `size` usable rows, or null after the last. Ask
   * for the next batch before writing this one, so that it is built meanwhile.
   */
  next(size: number): Promise<CheckedBatch | null>
  /** Stops the thread (and stops reading the source). */
  close(): Promise<void>
}

/**
 * Checking makes a row's worth of short-lived strings and arrays for every
 * row. With V8's default young generation for a thread, a fifth of the
 * thread's time went on scavenges; with a young generation of 192 MiB
 * (64 MiB semi-spaces) checking 300,000 rows took about an eighth less CPU,
 * in alternating runs.
 */
const CHECKING_YOUNG_GENERATION_MB = 192

/** A low priority's nice value: the CPU's scheduler then gives a thread at 0 about 28 times its share. */
const LOW_PRIORITY_NICENESS = 15

/**
 * Starts checking `source` (a CLD file's path, or its bytes as a stream) for
 * a council on a worker thread; `lowPriority` lowers the thread's CPU priority
 * (on Linux, where a priority is a thread's own; elsewhere it would be the
 * whole process's, so there it is left as it is). A file whose header is not
 * CLD rejects `next` with CldHeaderError. Given a path, the thread reads the file itself: bytes
 * passed on by this thread arrive only when this thread is free, and on the
 * embedded database it is busy running each batch's statements, during which
 * the checking thread went without.
 *
 * @example
 * const checking = startChecking('cld.csv', 'E10000008')
 * let upcoming = checking.next(5_000)
 * for (let batch = await upcoming; batch; batch = await upcoming) { upcoming = checking.next(5_000); await write(batch) }
 * await checking.close()
 */
export function startChecking(
  source: Readable | string,
  councilCode: string,
  options: { lowPriority?: boolean } = {},
): CheckingThread {
  const file = typeof source === 'string' ? source : undefined
  const niceness = options.lowPriority && process.platform === 'linux' ? LOW_PRIORITY_NICENESS : undefined
  const worker = new Worker(ENTRY, {
    workerData: { councilCode, file, niceness },
    execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: CHECKING_YOUNG_GENERATION_MB },
  })
  const bytes =
    typeof source === 'string'
      ? undefined
      : (source as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]()
  const waiting: { resolve: (batch: CheckedBatch | null) => void; reject: (error: Error) => void }[] = []
  let failure: Error | undefined
  let closed = false
  let pumping: Promise<void> = Promise.resolve()

  const fail = (error: Error) => {
    failure ??= error
    for (const waiter of waiting.splice(0)) waiter.reject(failure)
  }

  // One chunk of the source for each time the thread asks, in order.
  const pump = () => {
    pumping = pumping.then(async () => {
      if (closed || failure || !bytes) return
      try {
        const { value, done } = await bytes.next()
        if (closed) return
        if (done) {
          worker.postMessage({ type: 'eof' })
          return
        }
        const chunk = typeof value === 'string' ? Buffer.from(value) : value
        const data = new Uint8Array(chunk)
        worker.postMessage({ type: 'bytes', data }, [data.buffer])
      } catch (error) {
        fail(error instanceof Error ? error : new Error(String(error)))
      }
    })
  }

  worker.on('message', (message: Outgoing) => {
    if (message.type === 'more') pump()
    else if (message.type === 'batch') waiting.shift()?.resolve(message.batch)
    else if (message.type === 'end') waiting.shift()?.resolve(null)
    else fail(message.header ? new CldHeaderError(message.message) : new Error(message.message))
  })
  worker.on('error', (error) => fail(error))
  worker.on('exit', (code) => {
    if (!closed) fail(new Error(`The checking thread stopped unexpectedly (exit code ${code}).`))
  })

  return {
    next(size) {
      if (failure) return Promise.reject(failure)
      return new Promise<CheckedBatch | null>((resolve, reject) => {
        waiting.push({ resolve, reject })
        worker.postMessage({ type: 'next', size })
      })
    },
    async close() {
      if (closed) return
      closed = true
      await worker.terminate()
      if (typeof source !== 'string') source.destroy()
    },
  }
}
