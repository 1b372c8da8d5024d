/**
 * The checking thread of an import: reads the file's bytes as the writing
 * thread sends them, checks every row, and answers each request for a batch
 * with the next one (or the end), building it while the last is written.
 * Messages: in, { type: 'bytes', data } | { type: 'eof' } | { type: 'next', size };
 * out, { type: 'more' } | { type: 'batch', batch } | { type: 'end' } |
 * { type: 'failed', header, message }.
 */
import fs from 'node:fs'
import os from 'node:os'
import { Readable } from 'node:stream'
import { parentPort, workerData } from 'node:worker_threads'
import { BatchBuilder, type CheckedBatch } from './checked-batches.ts'
import { readCld } from './read-cld.ts'
import { CldHeaderError } from './validator.ts'

type Incoming = { type: 'bytes'; data: Uint8Array } | { type: 'eof' } | { type: 'next'; size: number }

const port = parentPort
if (!port) throw new Error('check-worker-thread.ts runs as a worker thread')
const { councilCode, file, niceness } = workerData as {
  councilCode: string
  file?: string
  niceness?: number
}
// This thread's own priority (Linux keeps one a thread): raising a nice value needs no privilege.
if (niceness !== undefined) os.setPriority(niceness)

// A file is read here; other bytes are asked for as the reader needs them,
// so at most a few chunks wait here.
const source = file
  ? fs.createReadStream(file, { highWaterMark: 1024 * 1024 })
  : new Readable({
      read() {
        port.postMessage({ type: 'more' })
      },
    })
const sizes: number[] = []
let wake: (() => void) | undefined
port.on('message', (message: Incoming) => {
  if (message.type === 'bytes')
    source.push(Buffer.from(message.data.buffer, message.data.byteOffset, message.data.byteLength))
  else if (message.type === 'eof') source.push(null)
  else {
    sizes.push(message.size)
    wake?.()
  }
})

/** The size of the batch asked for next, once it is asked for. */
async function nextSize(): Promise<number> {
  while (sizes.length === 0) await new Promise<void>((resolve) => (wake = resolve))
  return sizes.shift() as number
}

async function run() {
  const reader = readCld(source, councilCode)
  const builder = new BatchBuilder()
  let size = await nextSize()
  for await (const { headerProblems, rows } of reader.chunks) {
    builder.addHeaderProblems(headerProblems)
    for (const row of rows) {
      builder.add(row)
      if (builder.full(size)) {
        postBatch(builder.take(reader.bytesRead()))
        size = await nextSize()
      }
    }
  }
  // The last batch, even if empty: its byte count is the whole file's.
  postBatch(builder.take(reader.bytesRead()))
  await nextSize()
  port?.postMessage({ type: 'end' })
}

// The columns' bytes are handed over, not copied.
function postBatch(batch: CheckedBatch) {
  const columns = [...Object.values(batch.people.columns), ...Object.values(batch.events.columns)]
  port?.postMessage(
    { type: 'batch', batch },
    columns.map((bytes) => bytes.buffer as ArrayBuffer),
  )
}

run().catch((error: unknown) => {
  port.postMessage({
    type: 'failed',
    header: error instanceof CldHeaderError,
    message: error instanceof Error ? error.message : String(error),
  })
})
