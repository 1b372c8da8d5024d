/**
 * One statement for many callers: requests that ask for the same kind of read
 * (or audit write) at the same moment share one query instead of one each.
 *
 * On the embedded database every query runs on the event loop and costs about
 * a quarter of a millisecond before it has read a row (protocol, parse, plan);
 * while one runs, other requests queue up behind it. Their keys are collected
 * until the event loop comes round (`setImmediate`), then `run` answers them
 * all in one statement: eight person pages cost the database about what two
 * did. On a PostgreSQL server it saves round trips the same way. Only reads
 * outside a transaction, and appends that need no transaction of their own,
 * are coalesced: a transaction's statements stay its own.
 */
export interface CoalesceOptions {
  /** Most keys in one statement; more wait for the next. */
  maxBatch?: number
}

/**
 * Wraps `run` (answers for many keys, in the keys' order) as a function of one
 * key. Callers in the same turn of the event loop share one call of `run`; a
 * failure of that call fails each of them with the same error.
 *
 * @example
 * const person = coalesce((keys: string[]) => getPeople(db, keys))
 * const [a, b] = await Promise.all([person(idA), person(idB)]) // one query
 */
export function coalesce<K, V>(
  run: (keys: readonly K[]) => Promise<readonly V[]>,
  options: CoalesceOptions = {},
): (key: K) => Promise<V> {
  const maxBatch = options.maxBatch ?? 100
  let waiting: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = []

  const flush = () => {
    const batch = waiting.slice(0, maxBatch)
    waiting = waiting.slice(maxBatch)
    if (waiting.length > 0) setImmediate(flush)
    run(batch.map((entry) => entry.key)).then(
      (values) => {
        if (values.length !== batch.length) {
          const error = new Error(`A coalesced read answered ${values.length} of ${batch.length} keys`)
          for (const entry of batch) entry.reject(error)
          return
        }
        for (const [i, entry] of batch.entries()) entry.resolve(values[i] as V)
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error)
      },
    )
  }

  return (key: K) =>
    new Promise<V>((resolve, reject) => {
      if (waiting.length === 0) setImmediate(flush)
      waiting.push({ key, resolve, reject })
    })
}
