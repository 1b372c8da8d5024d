/**
 * Checking a council's CLD return before it is sent: the export run in full
 * (the same rows, the same validator) with its file thrown away, and its
 * problems gathered by kind, so that an analyst sees which fields of which
 * records to mend rather than a list as long as the file.
 */
import { Writable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Schema } from '../../schema.ts'
import { type ExportSummary, writeCldExport } from './export.ts'
import type { ExportPace } from './export-pace.ts'
import type { ReportingQuarter } from './rules.ts'
import type { CldProblem } from './validator.ts'

/** Problems of one kind: the same field, problem and action. */
export interface ProblemKind {
  field: string
  problem: string
  action: string
  /** How many rows have it. */
  rows: number
  /** The first rows that have it, in order: the line of the file and the person's CLD identifier. */
  examples: { line: number; laPersonId: string }[]
}

export interface ReturnCheck extends ExportSummary {
  kinds: ProblemKind[]
}

/** Rows kept for each kind of problem: enough to find the first records to mend. */
const EXAMPLES_PER_KIND = 5

/**
 * Gathers problems by kind as they are found (a large council's return may
 * have millions: none is kept beyond its kind's first few rows), and gives
 * the kinds, the commonest first (then by field).
 *
 * @example
 * const tally = problemTally()
 * tally.add({ line: 2, field: 'Gender', value: 'X', problem: 'Not in the code list', action: 'Kept as invalid' }, 'P1')
 * tally.kinds() // [{ field: 'Gender', …, rows: 1, examples: [{ line: 2, laPersonId: 'P1' }] }]
 */
export function problemTally(examplesPerKind = EXAMPLES_PER_KIND) {
  const kinds = new Map<string, ProblemKind>()
  return {
    add({ field, problem, action, line }: CldProblem, laPersonId: string): void {
      const key = JSON.stringify([field, problem, action])
      let kind = kinds.get(key)
      if (!kind) {
        kind = { field, problem, action, rows: 0, examples: [] }
        kinds.set(key, kind)
      }
      kind.rows += 1
      if (kind.examples.length < examplesPerKind) kind.examples.push({ line, laPersonId })
    },
    kinds(): ProblemKind[] {
      return [...kinds.values()].sort(
        (a, b) => b.rows - a.rows || a.field.localeCompare(b.field) || a.problem.localeCompare(b.problem),
      )
    },
  }
}

/**
 * Makes the council's return for a quarter without keeping it, and says what
 * the national checks would find in it.
 *
 * @example
 * const check = await checkCldReturn(db, { id, code: 'E10000034' }, parseQuarter('2025-26-Q2')!)
 * check.rowsWritten // rows the file would hold
 */
export async function checkCldReturn(
  db: Kysely<Schema>,
  council: { id: string; code: string },
  quarter: ReportingQuarter,
  pace?: ExportPace,
): Promise<ReturnCheck> {
  const tally = problemTally()
  const discard = new Writable({
    write(_chunk, _encoding, done) {
      done()
    },
  })
  const summary = await writeCldExport({
    db,
    council,
    quarter,
    out: discard,
    onProblem: tally.add,
    pace,
  })
  return { ...summary, kinds: tally.kinds() }
}
