/**
 * Decides what a batch of imported events does to the events already held:
 * which rows are new, which repeat an event unchanged (and leave it alone),
 * which replace an earlier file's copy, and which are second copies within
 * the file. Pure: the store fetches the candidates and carries out the plan.
 *
 * The rules (REFERENCE §2.3; DHSC deduplication steps 1 and 3):
 * - Across files, an event is its unique-event key (`dedup_key`). A later
 *   file's event replaces every earlier imported event with its key, unless
 *   the earlier one is identical to a row of the later file, in which case it
 *   stays as it is (so re-importing a file changes nothing).
 * - Within a file, services are also told apart by delivery mechanism and
 *   costs (double-up care on two rows is two services); two rows that are the
 *   same event keep one copy, chosen by `compareCopies`.
 * - ASCEND's own events (import_id null) are never replaced by an import;
 *   an identical imported row leaves them as they are.
 */
import { compareCopies, type EventCopy } from './rules.ts'

/** One usable row of the batch, with the keys the database computed for it. */
export interface IncomingEvent extends EventCopy {
  /** `eventKey`: DHSC's unique event across files. */
  key: string
  /** `eventContent`: everything else the event says. */
  content: string
  /** Delivery mechanism and costs, for services (`singleSubmissionExtra`). */
  extra: string
}

/** An event already in the database with the key of an incoming row. */
export interface CandidateEvent {
  id: string
  key: string
  content: string
  extra: string
  event_end_on: string | null
  event_outcome: string | null
  /** Whether an import brought it (ASCEND's own events are never replaced). */
  imported: boolean
  /** Brought or kept by the import running now: its line there, else null. */
  lineInThisImport: number | null
  /** Already marked as replaced by the import running now. */
  supersededByThisImport: boolean
}

export interface BatchPlan {
  /** Lines whose event is inserted. */
  insert: number[]
  /** Events kept as they are because a row repeats them: id and the row's line. */
  adopt: { id: string; line: number }[]
  /** Events this import replaces: an earlier file's copy of an event it holds. */
  supersede: string[]
  /** Second copies within the file: the line dropped and the line kept. */
  duplicates: { line: number; keptLine: number }[]
  /** Events of this import that lost to a later line (dropped after being counted as loaded). */
  droppedEarlier: { id: string; line: number; keptLine: number }[]
  /** Earlier files' events an earlier batch replaced that a row of this batch repeats unchanged. */
  restored: number
}

/**
 * Plans one batch. Rows are taken in file order; candidates are the events
 * with the rows' keys that count now or belong to this import.
 *
 * @example
 * const plan = planBatch(rows, candidates)
 * // plan.insert: [2, 5], plan.adopt: [{ id, line: 3 }], plan.supersede: [oldId], …
 */
export function planBatch(rows: readonly IncomingEvent[], candidates: readonly CandidateEvent[]): BatchPlan {
  const plan: BatchPlan = {
    insert: [],
    adopt: [],
    supersede: [],
    duplicates: [],
    droppedEarlier: [],
    restored: 0,
  }

  // Second copies within the batch first: one winner per event.
  const { kept: ordered, duplicates } = keepOneCopy(rows)
  plan.duplicates.push(...duplicates)

  // The state of each candidate as the plan goes, so later rows see earlier decisions.
  const state = candidates.map((candidate) => ({ ...candidate }))
  const byKey = new Map<string, typeof state>()
  for (const candidate of state) {
    const list = byKey.get(candidate.key)
    if (list) list.push(candidate)
    else byKey.set(candidate.key, [candidate])
  }
  const supersede = new Set<string>()

  for (const row of ordered) {
    const sameKey = byKey.get(row.key) ?? []

    // An earlier line of this file with the same event: keep the better copy.
    const earlier = sameKey.find(
      (c) => c.lineInThisImport !== null && !c.supersededByThisImport && c.extra === row.extra,
    )
    if (earlier) {
      const earlierCopy = { ...earlier, line: earlier.lineInThisImport as number }
      // ASCEND's own record of the event stands whatever a file says.
      if (!earlier.imported || compareCopies(earlierCopy, row) <= 0) {
        plan.duplicates.push({ line: row.line, keptLine: earlierCopy.line })
        continue
      }
      earlier.supersededByThisImport = true
      supersede.add(earlier.id)
      plan.droppedEarlier.push({ id: earlier.id, line: earlierCopy.line, keptLine: row.line })
    }

    // The same event, unchanged, from an earlier file or ASCEND itself: keep it.
    const identical = sameKey.find((c) => c.lineInThisImport === null && c.content === row.content)
    if (identical) {
      if (identical.supersededByThisImport && !supersede.has(identical.id)) plan.restored += 1
      identical.lineInThisImport = row.line
      identical.supersededByThisImport = false
      supersede.delete(identical.id)
      plan.adopt.push({ id: identical.id, line: row.line })
    } else {
      plan.insert.push(row.line)
    }

    // Every other earlier file's copy of this event is replaced.
    for (const candidate of sameKey) {
      if (candidate === identical || !candidate.imported) continue
      if (candidate.lineInThisImport !== null || candidate.supersededByThisImport) continue
      candidate.supersededByThisImport = true
      supersede.add(candidate.id)
    }
  }
  plan.supersede = [...supersede]
  return plan
}

/**
 * Second copies within one batch (DHSC deduplication within a submission):
 * of rows with the same key and, for services, the same delivery mechanism
 * and costs, one is kept (`compareCopies`). Returns the rows kept in line
 * order and each second copy with the line kept instead. `planBatch` starts
 * with this; the checking thread runs it on each batch, so that the writing
 * thread compares with the database only the rows kept.
 *
 * @example
 * const { kept, duplicates } = keepOneCopy(rows) // duplicates: [{ line: 7, keptLine: 3 }]
 */
export function keepOneCopy<T extends IncomingEvent>(
  rows: readonly T[],
): { kept: T[]; duplicates: { line: number; keptLine: number }[] } {
  const winners = new Map<string, T>()
  const duplicates: { line: number; keptLine: number }[] = []
  for (const row of rows) {
    const id = `${row.key}|${row.extra}`
    const held = winners.get(id)
    if (!held) {
      winners.set(id, row)
    } else if (compareCopies(row, held) < 0) {
      duplicates.push({ line: held.line, keptLine: row.line })
      winners.set(id, row)
    } else {
      duplicates.push({ line: row.line, keptLine: held.line })
    }
  }
  return { kept: [...winners.values()].sort((a, b) => a.line - b.line), duplicates }
}
