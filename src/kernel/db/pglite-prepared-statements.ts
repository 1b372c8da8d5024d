import { type PGlite, parse, protocol, type Results, type Transaction } from '@electric-sql/pglite'
import { readResults } from './backend-results.ts'

/*
 * PGlite parses and plans every query afresh and talks to its WebAssembly
 * backend six times a query (parse, describe, bind, describe, execute, sync).
 * For the short queries a page makes, that is most of their cost: planning a
 * five-table caseload join took longer than running it. This gives each query
 * text a named prepared statement the first time it is seen (as node-postgres
 * can, and PostgreSQL's own drivers do), so later runs skip parsing, reuse
 * PostgreSQL's cached plan where it judges a generic one good, and go to the
 * backend once (bind, describe, execute, sync in one message).
 */

const { serialize } = protocol

/** Statements kept per database; the least recently used is closed beyond this. */
const MAX_STATEMENTS = 500

// Errors after which a cached statement is dropped and the query prepared
// again: its plan no longer fits the tables (a migration), or it is gone.
const STALE_STATEMENT = new Set(['0A000', '26000'])

// bytea, text, json and varchar: their binary input reads the bytes as they are (json's as UTF-8 text).
const BYTES_AS_THEY_ARE = new Set([17, 25, 114, 1043])

type QueryOptions = Parameters<PGlite['query']>[2]

interface Statement {
  name: string
  parameterTypes: number[]
}

/**
 * Makes `pglite.query`, and `query` inside `pglite.transaction`, run through
 * named prepared statements. Results, errors and locking are PGlite's own.
 * Queries with options beyond the row mode (blobs, given parameter types or
 * serializers) run as before.
 *
 * @example
 * const pglite = await PGlite.create({ dataDir })
 * usePreparedStatements(pglite)
 * await pglite.query('SELECT * FROM people WHERE id = $1', [id]) // prepared once, then reused
 */
export function usePreparedStatements(pglite: PGlite, maxStatements = MAX_STATEMENTS): void {
  const statements = new Map<string, Statement>()
  let named = 0
  const plainQuery = pglite.query.bind(pglite)
  const plainTransaction = pglite.transaction.bind(pglite)

  const exchange = (...messages: Uint8Array[]) =>
    pglite.execProtocolStream(Buffer.concat(messages), { syncToFs: false })

  // The answer's bytes as they are, for readResults: each chunk is a view of
  // the backend's memory, valid only during the call, so it is copied.
  async function exchangeRaw(...messages: Uint8Array[]): Promise<Uint8Array> {
    const chunks: Uint8Array[] = []
    await pglite.execProtocolRawStream(Buffer.concat(messages), {
      syncToFs: false,
      onRawData: (chunk) => chunks.push(chunk.slice()),
    })
    return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks)
  }

  async function prepare(text: string): Promise<Statement> {
    named += 1
    const name = `ascend_${named}`
    const described = await exchange(
      serialize.parse({ name, text, types: [] }),
      serialize.describe({ type: 'S', name }),
      serialize.sync(),
    )
    const statement = { name, parameterTypes: parse.parseDescribeStatementResults(described) }
    statements.set(text, statement)
    if (statements.size > maxStatements) {
      const [oldestText, oldest] = statements.entries().next().value as [string, Statement]
      statements.delete(oldestText)
      await exchange(serialize.close({ type: 'S', name: oldest.name }), serialize.sync())
    }
    return statement
  }

  async function execute<T>(text: string, params: unknown[], options: QueryOptions): Promise<Results<T>> {
    let statement = statements.get(text)
    if (statement) {
      // Most recently used last, so the first entry is the one to close.
      statements.delete(text)
      statements.set(text, statement)
    } else {
      statement = await prepare(text)
    }
    const { name, parameterTypes } = statement
    const values = params.map((value, i) => {
      if (value === null || value === undefined) return null
      // Bytes go in the binary format, which for these types is the bytes themselves.
      if (ArrayBuffer.isView(value) && BYTES_AS_THEY_ARE.has(parameterTypes[i] ?? 0)) return value
      const serializer = pglite.serializers[parameterTypes[i] ?? 0]
      return serializer ? serializer(value) : String(value)
    })
    const answer = await exchangeRaw(
      serialize.bind({ statement: name, values }),
      serialize.describe({ type: 'P' }),
      serialize.execute({}),
      serialize.sync(),
    )
    return readResults<T>(answer, pglite.parsers, options?.rowMode)
  }

  async function executeOrPrepareAgain<T>(text: string, params: unknown[], options: QueryOptions) {
    try {
      return await execute<T>(text, params, options)
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (typeof code !== 'string' || !STALE_STATEMENT.has(code) || !statements.has(text)) throw error
      statements.delete(text)
      return execute<T>(text, params, options)
    }
  }

  const plain = (options: QueryOptions) =>
    options !== undefined && Object.keys(options).some((key) => key !== 'rowMode')

  pglite.query = async <T>(text: string, params: unknown[] = [], options?: QueryOptions) => {
    if (plain(options)) return plainQuery<T>(text, params, options)
    await pglite._checkReady()
    // The transaction lock first, as PGlite's own query takes it: a query
    // outside a transaction waits for any transaction to finish.
    const result = await pglite._runExclusiveTransaction(() =>
      pglite._runExclusiveQuery(() => executeOrPrepareAgain<T>(text, params, options)),
    )
    await pglite.syncToFs()
    return result
  }

  pglite.transaction = <T>(callback: (tx: Transaction) => Promise<T>) =>
    plainTransaction((tx) => {
      const plainTxQuery = tx.query.bind(tx)
      const query = async <R>(text: string, params: unknown[] = [], options?: QueryOptions) => {
        if (tx.closed) return plainTxQuery<R>(text, params, options) // PGlite's own error
        if (plain(options)) return plainTxQuery<R>(text, params, options)
        return pglite._runExclusiveQuery(() => executeOrPrepareAgain<R>(text, params, options))
      }
      return callback(Object.assign(Object.create(tx), { query }) as Transaction)
    })
}
