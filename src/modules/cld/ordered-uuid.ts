import { randomBytes } from 'node:crypto'

// Random per process, so two processes never make the same id.
const NODE = randomBytes(6).toString('hex')
let lastMs = 0
let sequence = 0

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
  lastMs = ms
  const time = ms.toString(16).padStart(12, '0')
  const count = sequence.toString(16).padStart(6, '0')
  // 7 = version; 8 = the RFC 9562 variant bits with the counter's top bits clear.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${count.slice(0, 3)}-8${count.slice(3, 6)}-${NODE}`
}
