import { randomBytes } from 'node:crypto'

// Random per process, so two processes never make the same id.
const NODE = randomBytes(6).toString('hex')
let lastMs = 0
let sequence = 0
/** Three hex digits for each number below 4096, and the id's start for `lastMs`: made once, not per id. */
const HEX3 = Array.from({ length: 4096 }, (_, n) => n.toString(16).padStart(3, '0'))
let head = ''

/**
 * A version 7 UUID: the time in milliseconds first, then a counter, so ids
 * made one after another sort one after another. An import inserts millions
 * of rows; a random id lands anywhere in the primary key's index, a
 * time-ordered one at its end, which is several times faster to insert.
 * (PostgreSQL 15 has no uuidv7(), so it is made here.)
 *
 * @example
 * orderedUuid() < orderedUuid() // true
 */
export function orderedUuid(): string {
  let ms = Date.now()
  if (ms <= lastMs) {
    ms = lastMs
    sequence += 1
    if (sequence > 0xffffff) {
      ms = lastMs + 1
      sequence = 0
    }
  } else {
    sequence = 0
  }
  if (ms !== lastMs || head === '') {
    const time = ms.toString(16).padStart(12, '0')
    head = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`
  }
  lastMs = ms
  // 7 = version; 8 = the RFC 9562 variant bits with the counter's top bits clear.
  // Joined, so that it is one flat string rather than a tree of its pieces.
  return [head, HEX3[sequence >> 12], '-8', HEX3[sequence & 0xfff], '-', NODE].join('')
}
